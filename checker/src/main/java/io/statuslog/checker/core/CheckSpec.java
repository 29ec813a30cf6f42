package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured check. Invalid values are refused here, once, with a message naming the check
 * and the field.
 */
public record CheckSpec(
    String id,
    String name,
    Optional<String> component,
    URI url,
    Duration interval,
    Duration timeout,
    int expectedStatus,
    Optional<Duration> degradedAfter,
    boolean isPublic) {

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public CheckSpec {
    Objects.requireNonNull(id, "check id is required");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "check id '" + id + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    name = name == null || name.isBlank() ? id : name;
    component = component == null ? Optional.empty() : component.filter(c -> !c.isBlank());
    if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException("check " + id + ": url must be an http:// or https:// URL, got " + url);
    }
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("check " + id + ": interval must be at least 1s, got " + interval);
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("check " + id + ": timeout must be positive and at most the interval, got " + timeout);
    }
    if (expectedStatus < 100 || expectedStatus > 599) {
      throw new IllegalArgumentException("check " + id + ": expectedStatus must be an HTTP status (100-599), got " + expectedStatus);
    }
    degradedAfter = degradedAfter == null ? Optional.empty() : degradedAfter;
    degradedAfter.ifPresent(
        limit -> {
          if (limit.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException("check " + id + ": degradedAfter must be shorter than the timeout");
          }
        });
  }

  /** This check as published on the definitions topic. */
  public CheckDefinition toDefinition() {
    return CheckDefinition.newBuilder()
        .setCheckId(id)
        .setName(name)
        .setComponent(component.orElse(null))
        .setUrl(url.toString())
        .setIntervalMs(interval.toMillis())
        .setTimeoutMs(timeout.toMillis())
        .setExpectedStatus(expectedStatus)
        .setDegradedAfterMs(degradedAfter.map(Duration::toMillis).orElse(null))
        .setPublic$(isPublic)
        .build();
  }
}

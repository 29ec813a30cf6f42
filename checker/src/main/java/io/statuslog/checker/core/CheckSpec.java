package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured check. Invalid values are refused here, once, with a message that starts with
 * the field's name in the checks file, so the file's reader can say where it is written.
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
    if (id == null) {
      throw new IllegalArgumentException("id is required");
    }
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "id must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit, got \"" + id + "\"");
    }
    name = name == null || name.isBlank() ? id : name;
    component = component == null ? Optional.empty() : component.filter(c -> !c.isBlank());
    if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException("url must be an http:// or https:// URL, got " + url);
    }
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1s, got " + written(interval));
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "timeout must be positive and at most the interval (" + written(interval) + "), got " + written(timeout));
    }
    if (expectedStatus < 100 || expectedStatus > 599) {
      throw new IllegalArgumentException("expectedStatus must be an HTTP status (100-599), got " + expectedStatus);
    }
    degradedAfter = degradedAfter == null ? Optional.empty() : degradedAfter;
    degradedAfter.ifPresent(
        limit -> {
          if (limit.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException(
                "degradedAfter must be shorter than the timeout (" + written(timeout) + "), got " + written(limit));
          }
        });
  }

  /** A duration as the checks file writes it (500ms, 30s), not as ISO-8601 (PT0.5S). */
  private static String written(Duration duration) {
    if (duration == null) {
      return "nothing";
    }
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
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

package io.statuslog.checker.core;

import io.statuslog.schemas.CheckIds;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One configured check: what it probes ({@link Target}), how often, and the conditions a probe
 * must meet. Invalid values are refused here, once, with a message naming the field. The same
 * check travels as a {@link CheckDefinition} on the definitions topic, from `checks apply` to
 * every checker; {@link #toDefinition()} and {@link #fromDefinition} convert both ways.
 */
public record CheckSpec(
    String id,
    String name,
    Optional<String> component,
    Duration interval,
    Duration timeout,
    boolean isPublic,
    List<String> regions,
    Target target,
    List<String> conditions,
    List<String> degradedConditions) {

  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public CheckSpec {
    Objects.requireNonNull(id, "id is required");
    if (!CheckIds.isValid(id)) {
      throw new IllegalArgumentException("id \"" + id + "\" must be " + CheckIds.RULE);
    }
    name = name == null || name.isBlank() ? id : name.strip();
    component = component == null ? Optional.empty() : component.map(String::strip).filter(c -> !c.isEmpty());
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1s, got " + text(interval));
    }
    if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("timeout must be positive and at most the interval (" + text(interval) + "), got " + text(timeout));
    }
    regions = regions == null ? List.of() : List.copyOf(regions);
    regions.forEach(region -> {
      if (!REGION.matcher(region).matches()) {
        throw new IllegalArgumentException("regions: \"" + region + "\" must be 1-64 characters of letters, digits, '.', '_' or '-'");
      }
    });
    Objects.requireNonNull(target, "target is required");
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
    degradedConditions = degradedConditions == null ? List.of() : List.copyOf(degradedConditions);
    if (target instanceof Target.Http http) {
      http.degradedAfter().ifPresent(limit -> {
        if (limit.compareTo(timeout) >= 0) {
          throw new IllegalArgumentException("degradedAfter must be shorter than the timeout");
        }
      });
    }
  }

  /** A duration as a checks file writes it: 500ms, 30s, 1m30s. */
  static String text(Duration duration) {
    if (duration == null) {
      return "nothing";
    }
    if (duration.toMillisPart() != 0 || duration.isZero()) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    return text.toString();
  }

  public CheckType type() {
    return target.type();
  }

  /**
   * Probed from this region? A check names the regions that probe it, or none for all. A push
   * check is probed from nowhere: the monitored job reports to ingest itself.
   */
  public boolean probedFrom(String region) {
    return target.type() != CheckType.PUSH && (regions.isEmpty() || regions.contains(region));
  }

  /** This check with its target replaced, everything else kept. */
  public CheckSpec withTarget(Target replacement) {
    return new CheckSpec(id, name, component, interval, timeout, isPublic, regions, replacement, conditions, degradedConditions);
  }

  /** Every condition a probe must meet to be UP: the type's own first, then the configured. */
  public List<String> upConditions() {
    List<String> all = new ArrayList<>(target.implicitConditions(conditions));
    all.addAll(conditions);
    return all;
  }

  /** Conditions whose failure makes an otherwise passing probe DEGRADED. */
  public List<String> allDegradedConditions() {
    List<String> all = new ArrayList<>();
    if (target instanceof Target.Http http) {
      http.degradedAfter().ifPresent(limit -> all.add("[RESPONSE_TIME] < " + limit.toMillis()));
    }
    all.addAll(degradedConditions);
    return all;
  }

  /** This check as published on the definitions topic. */
  public CheckDefinition toDefinition() {
    CheckDefinition.Builder definition = CheckDefinition.newBuilder()
        .setCheckId(id)
        .setName(name)
        .setComponent(component.orElse(null))
        .setUrl(target.url().toString())
        .setIntervalMs(interval.toMillis())
        .setTimeoutMs(timeout.toMillis())
        .setPublic$(isPublic)
        .setType(target.type())
        .setConditions(conditions)
        .setDegradedConditions(degradedConditions)
        .setRegions(regions);
    switch (target) {
      case Target.Http http -> definition
          .setMethod(http.method())
          .setHeaders(http.headers())
          .setBody(http.body().orElse(null))
          .setFollowRedirects(http.followRedirects())
          .setMaxRedirects(http.maxRedirects())
          .setVerifyTls(http.verifyTls())
          .setReuseConnections(http.reuseConnections())
          .setExpectedStatus(http.expectedStatus())
          .setDegradedAfterMs(http.degradedAfter().map(Duration::toMillis).orElse(null));
      case Target.Tcp tcp -> definition.setSend(tcp.send().orElse(null)).setExpect(tcp.expect().orElse(null));
      case Target.Dns dns -> definition.setDnsQueryType(dns.queryType().name());
      case Target.Tls tls -> { }
      case Target.Push push -> definition.setGraceMs(push.grace().toMillis()).setPushTokenHash(push.tokenHash().orElse(null));
    }
    return definition.build();
  }

  /**
   * The check a definition describes. A definition the log holds may come from any version of
   * `checks apply`; one this code cannot probe is refused with the reason, as a file would be.
   */
  public static CheckSpec fromDefinition(CheckDefinition definition) {
    URI url = URI.create(definition.getUrl());
    Target target = switch (definition.getType()) {
      case HTTP -> new Target.Http(url, definition.getMethod(), definition.getHeaders(), Optional.ofNullable(definition.getBody()),
          definition.getFollowRedirects(), definition.getMaxRedirects(), definition.getVerifyTls(), definition.getReuseConnections(),
          definition.getExpectedStatus(), Optional.ofNullable(definition.getDegradedAfterMs()).map(Duration::ofMillis));
      case TCP -> new Target.Tcp(url.getHost(), url.getPort(), Optional.ofNullable(definition.getSend()), Optional.ofNullable(definition.getExpect()));
      case DNS -> new Target.Dns(url.getPath().replaceFirst("^/", ""), Target.DnsQueryType.parse(definition.getDnsQueryType()),
          Optional.ofNullable(url.getHost()), url.getPort() < 0 ? 53 : url.getPort());
      case TLS -> new Target.Tls(url.getHost(), url.getPort());
      case PUSH -> new Target.Push(url, Duration.ofMillis(definition.getGraceMs() == null ? 0 : definition.getGraceMs()),
          Optional.ofNullable(definition.getPushTokenHash()));
    };
    return new CheckSpec(
        definition.getCheckId(),
        definition.getName(),
        Optional.ofNullable(definition.getComponent()),
        Duration.ofMillis(definition.getIntervalMs()),
        Duration.ofMillis(definition.getTimeoutMs()),
        definition.getPublic$(),
        definition.getRegions(),
        target,
        definition.getConditions(),
        definition.getDegradedConditions());
  }
}

package io.statuslog.ingest.core;

import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.kafka.AvroSerde;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A remote agent as the agents topic holds it: its name, the region its results are recorded
 * under, the hash of its token, and whether it was revoked.
 */
public record Agent(String name, String region, String tokenHash, Instant createdAt, Optional<Instant> revokedAt) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  /** The region push heartbeats are recorded under; no agent may write results as if it were one. */
  public static final String PUSH_REGION = "push";

  static {
    // Building an event resolves its schema's classes, which Avro refuses until told to trust ours.
    AvroSerde.trustEvents();
  }

  public Agent {
    revokedAt = revokedAt == null ? Optional.empty() : revokedAt;
  }

  public static Agent of(AgentEvent event) {
    return new Agent(event.getName(), event.getRegion(), event.getTokenHash(), event.getCreatedAt(),
        event.getRevoked() ? Optional.of(event.getRevokedAt() == null ? event.getCreatedAt() : event.getRevokedAt()) : Optional.empty());
  }

  public AgentEvent toEvent() {
    return AgentEvent.newBuilder()
        .setName(name)
        .setRegion(region)
        .setTokenHash(tokenHash)
        .setCreatedAt(createdAt)
        .setRevoked(revokedAt.isPresent())
        .setRevokedAt(revokedAt.orElse(null))
        .build();
  }

  public boolean revoked() {
    return revokedAt.isPresent();
  }

  public Agent revokedAt(Instant at) {
    return new Agent(name, region, tokenHash, createdAt, Optional.of(at));
  }

  /** What is wrong with an agent name, if anything: it travels in spool ids, log lines and commands. */
  public static Optional<String> nameProblem(String name) {
    return name != null && NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of("agent name must be 1-100 characters of letters, digits, '.', '_' or '-', got \"" + name + "\"");
  }

  /** What is wrong with a region, if anything: the regions a check names follow the same rule. */
  public static Optional<String> regionProblem(String region) {
    if (region == null || !REGION.matcher(region).matches()) {
      return Optional.of("region must be 1-64 characters of letters, digits, '.', '_' or '-', got \"" + region + "\"");
    }
    if (region.equals(PUSH_REGION)) {
      return Optional.of("region \"" + PUSH_REGION + "\" is where push heartbeats are recorded; give the agent the region it probes from");
    }
    return Optional.empty();
  }
}

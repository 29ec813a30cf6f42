package io.statuslog.ingest.core;

import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.secret.SecretToken;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The agents as the compacted agents topic holds them: the newest event per name. Immutable: the
 * reader of the topic folds a batch of events into a new value and publishes it, so requests
 * read it without a lock.
 *
 * <p>A presented token is found by comparing its hash with every agent's, each comparison in
 * constant time and none cut short, so how long it takes says nothing about which agent, or
 * which part of a hash, came close.
 */
public final class Agents {
  private static final Agents EMPTY = new Agents(Map.of());

  /** What a presented token is. */
  public sealed interface Authentication {}

  /** The token of an agent in good standing. */
  public record Known(Agent agent) implements Authentication {}

  /** The token of an agent that was revoked. */
  public record Revoked(Agent agent) implements Authentication {}

  /** No agent has this token (or had it, before it was given a new one). */
  public record Unknown() implements Authentication {}

  private final Map<String, Agent> byName;

  private Agents(Map<String, Agent> byName) {
    this.byName = byName;
  }

  public static Agents empty() {
    return EMPTY;
  }

  /**
   * These agents after the events, in log order: each replaces the agent of its name, a
   * tombstone (null event) removes it.
   */
  public Agents after(List<Map.Entry<String, AgentEvent>> events) {
    if (events.isEmpty()) {
      return this;
    }
    Map<String, Agent> next = new TreeMap<>(byName);
    for (Map.Entry<String, AgentEvent> event : events) {
      if (event.getValue() == null) {
        next.remove(event.getKey());
      } else {
        next.put(event.getKey(), Agent.of(event.getValue()));
      }
    }
    return new Agents(Map.copyOf(next));
  }

  public Optional<Agent> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every agent, revoked ones too, by name. */
  public Collection<Agent> all() {
    return new TreeMap<>(byName).values();
  }

  public Authentication authenticate(String presentedToken) {
    String presented = SecretToken.hash(presentedToken);
    Agent match = null;
    for (Agent agent : byName.values()) {
      if (SecretToken.sameHash(presented, agent.tokenHash())) {
        match = agent;
      }
    }
    if (match == null) {
      return new Unknown();
    }
    return match.revoked() ? new Revoked(match) : new Known(match);
  }

  /**
   * The agent `agents add` would write: a new name, or a revoked one given a new token. Refused,
   * with the reason, for a name in use.
   */
  public Agent add(String name, String region, SecretToken token, Instant now) {
    Agent.nameProblem(name).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    Agent.regionProblem(region).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    named(name).filter(agent -> !agent.revoked()).ifPresent(agent -> {
      throw new IllegalStateException("agent " + name + " already exists (region " + agent.region() + ", added " + agent.createdAt()
          + "); revoke it first to issue it a new token: statuslog agents revoke " + name);
    });
    return new Agent(name, region, token.hash(), now, Optional.empty());
  }

  /** The agent `agents revoke` would write; refused for an unknown or already revoked name. */
  public Agent revoke(String name, Instant now) {
    Agent agent = named(name).orElseThrow(() -> new IllegalStateException("no agent named " + name
        + (byName.isEmpty() ? "; there are none yet" : "; known: " + String.join(", ", new TreeMap<>(byName).keySet()))));
    if (agent.revoked()) {
      throw new IllegalStateException("agent " + name + " was already revoked at " + agent.revokedAt().orElseThrow());
    }
    return agent.revokedAt(now);
  }
}

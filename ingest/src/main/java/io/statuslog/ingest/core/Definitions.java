package io.statuslog.ingest.core;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.secret.SecretToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The check definitions as the compacted definitions topic holds them, numbered by version so a
 * long poll can tell a change. Immutable, like {@link Agents}: the topic's reader publishes a new
 * value per batch of changes.
 */
public final class Definitions {
  static {
    // Building an event resolves its schema's classes, which Avro refuses until told to trust ours.
    AvroSerde.trustEvents();
  }

  private static final Definitions EMPTY = new Definitions(Map.of(), 0);

  /** A push check and the hash of its token. */
  private record Push(String checkId, String tokenHash) {}

  private final Map<String, CheckDefinition> byId;
  private final long version;
  private final List<Push> pushChecks;

  private Definitions(Map<String, CheckDefinition> byId, long version) {
    this.byId = byId;
    this.version = version;
    List<Push> push = new ArrayList<>();
    byId.values().stream()
        .filter(definition -> definition.getType() == CheckType.PUSH && definition.getPushTokenHash() != null)
        .forEach(definition -> push.add(new Push(definition.getCheckId(), definition.getPushTokenHash())));
    this.pushChecks = List.copyOf(push);
  }

  public static Definitions empty() {
    return EMPTY;
  }

  /** These definitions after the changes (a null definition is a tombstone), one version later. */
  public Definitions after(List<Map.Entry<String, CheckDefinition>> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Map<String, CheckDefinition> next = new TreeMap<>(byId);
    for (Map.Entry<String, CheckDefinition> change : changes) {
      if (change.getValue() == null) {
        next.remove(change.getKey());
      } else {
        next.put(change.getKey(), change.getValue());
      }
    }
    // Kept in id order for listing, and looked up by hash: every result of every batch looks up its check.
    return new Definitions(Collections.unmodifiableMap(new LinkedHashMap<>(next)), version + 1);
  }

  public long version() {
    return version;
  }

  /**
   * The checks an agent in {@code region} probes, by id: those that name its region or no
   * region. Push checks are probed by no one.
   */
  public List<CheckDefinition> probedFrom(String region) {
    return byId.values().stream().filter(definition -> probedFrom(definition, region)).toList();
  }

  /**
   * Why an agent in {@code region} may not record a result of this check, or empty when it may:
   * only a check its region probes, so a token cannot put results on another region's checks,
   * on a push check (its job records it) or on a check that does not exist.
   */
  public Optional<String> refusesResultFrom(String region, String checkId) {
    CheckDefinition definition = byId.get(checkId);
    if (definition == null) {
      return Optional.of("no check has the id \"" + checkId + "\" (removed by checks apply, or never applied)");
    }
    if (definition.getType() == CheckType.PUSH) {
      return Optional.of("\"" + checkId + "\" is a push check: its job records it through its push URL, no agent probes it");
    }
    if (!probedFrom(definition, region)) {
      return Optional.of("\"" + checkId + "\" is probed from " + String.join(", ", definition.getRegions()) + ", not from this token's region \"" + region + "\"");
    }
    return Optional.empty();
  }

  private static boolean probedFrom(CheckDefinition definition, String region) {
    return definition.getType() != CheckType.PUSH && (definition.getRegions().isEmpty() || definition.getRegions().contains(region));
  }

  /**
   * The id of the push check whose token this is. Every push check's hash is compared, each in
   * constant time and none cut short, as for agents' tokens.
   */
  public Optional<String> pushCheckOf(String presentedToken) {
    String presented = SecretToken.hash(presentedToken);
    String match = null;
    for (Push push : pushChecks) {
      if (SecretToken.sameHash(presented, push.tokenHash())) {
        match = push.checkId();
      }
    }
    return Optional.ofNullable(match);
  }
}

package io.statuslog.schemas.kafka;

import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.IncidentEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of one Statuslog installation. Names share a prefix ({@code statuslog} in
 * production) so tests can run side by side on one broker with a random prefix each.
 */
public final class Topics {
  /** The log is the source of truth: results and incidents are kept forever. */
  private static final Map<String, String> KEEP_FOREVER =
      Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");

  /** Definitions and agents are state: the newest per key is kept, a tombstone removes it. */
  private static final Map<String, String> COMPACTED =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  private final Topic<String, CheckResult> checkResults;
  private final Topic<String, CheckDefinition> checkDefinitions;
  private final Topic<String, IncidentEvent> incidents;
  private final Topic<String, AgentEvent> agents;
  private final Topic<String, byte[]> deadLetters;

  public Topics(String prefix) {
    SchemaCatalog catalog = SchemaCatalog.bundled();
    this.checkResults =
        new Topic<>(
            prefix + ".check-results",
            Serdes.String(),
            new AvroSerde<>(CheckResult.getClassSchema(), catalog),
            KEEP_FOREVER);
    this.checkDefinitions =
        new Topic<>(
            prefix + ".check-definitions",
            Serdes.String(),
            new AvroSerde<>(CheckDefinition.getClassSchema(), catalog),
            COMPACTED);
    this.incidents =
        new Topic<>(
            prefix + ".incidents",
            Serdes.String(),
            new AvroSerde<>(IncidentEvent.getClassSchema(), catalog),
            KEEP_FOREVER);
    this.agents =
        new Topic<>(
            prefix + ".agents",
            Serdes.String(),
            new AvroSerde<>(AgentEvent.getClassSchema(), catalog),
            COMPACTED);
    this.deadLetters = new Topic<>(prefix + ".dead-letters", Serdes.String(), Serdes.ByteArray(), KEEP_FOREVER);
  }

  public Topic<String, CheckResult> checkResults() {
    return checkResults;
  }

  public Topic<String, CheckDefinition> checkDefinitions() {
    return checkDefinitions;
  }

  public Topic<String, IncidentEvent> incidents() {
    return incidents;
  }

  /**
   * The remote agents allowed to post results to ingest, keyed by agent name: region, token hash,
   * revoked. Compacted: an agent is the newest event for its name.
   */
  public Topic<String, AgentEvent> agents() {
    return agents;
  }

  /**
   * Records the projector could not decode, as they were, with their source topic, partition,
   * offset and the reason in headers. Kept forever: they are evidence, and may be replayed once
   * the code that reads them is fixed.
   */
  public Topic<String, byte[]> deadLetters() {
    return deadLetters;
  }

  /** The topics the read model is derived from. */
  public List<Topic<String, ?>> projected() {
    return List.of(checkResults, checkDefinitions, incidents);
  }

  /** Every topic of the installation, for creating them and checking their retention. */
  public List<Topic<String, ?>> all() {
    return List.of(checkResults, checkDefinitions, incidents, agents, deadLetters);
  }
}

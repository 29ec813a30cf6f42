package io.statuslog.checker.kafka;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.DefinitionDiff;
import io.statuslog.checker.core.PushTokens;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.kafka.CompactedTopic;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.secret.SecretToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The check definitions topic as `checks apply` sees it: the checks it holds now (a compacted
 * topic read to its end), and the changes an apply makes, published in one Kafka transaction so
 * every checker sees a file applied whole or not at all. Its transactional id is the same for
 * every apply, so two applies at once cannot interleave: the later one fences the earlier.
 */
public final class DefinitionsLog {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSettings kafka;
  private final Topic<String, CheckDefinition> topic;

  public DefinitionsLog(KafkaSettings kafka) {
    this.kafka = kafka;
    this.topic = kafka.topics().checkDefinitions();
  }

  /** Every check defined now, by id. */
  public Map<String, CheckDefinition> current() {
    Map<String, CheckDefinition> checks = new TreeMap<>();
    for (Map.Entry<String, CheckDefinition> record : CompactedTopic.readAll(kafka, topic, "statuslog-checks-reader", READ_TIMEOUT)) {
      if (record.getValue() == null) {
        checks.remove(record.getKey());
      } else {
        checks.put(record.getKey(), record.getValue());
      }
    }
    return checks;
  }

  /** What an apply changed, and the push tokens it issued (shown once: the log keeps their hashes). */
  public record Applied(DefinitionDiff diff, Map<String, SecretToken> issuedPushTokens) {}

  /** Makes the topic hold exactly these checks: publishes what differs and tombstones the rest; returns what changed. */
  public DefinitionDiff apply(List<CheckSpec> checks) {
    return applyIssuingPushTokens(checks).diff();
  }

  /**
   * As {@link #apply}, and says which push tokens it issued: a push check the file gives no token
   * keeps the hash the log holds for it, or gets a new token ({@link PushTokens}).
   */
  public Applied applyIssuingPushTokens(List<CheckSpec> checks) {
    Map<String, CheckDefinition> current = current();
    PushTokens.Resolved resolved = PushTokens.resolve(current, checks, SecretToken::generate);
    DefinitionDiff diff = DefinitionDiff.between(current, resolved.checks());
    if (!diff.isEmpty()) {
      publish(diff);
    }
    return new Applied(diff, resolved.issued());
  }

  /** What {@link #applyIssuingPushTokens} would change, publishing nothing; the push checks it would issue a token for. */
  public Applied dryRun(List<CheckSpec> checks) {
    Map<String, CheckDefinition> current = current();
    PushTokens.Resolved resolved = PushTokens.resolve(current, checks, SecretToken::generate);
    return new Applied(DefinitionDiff.between(current, resolved.checks()), resolved.issued());
  }

  /** Publishes the diff's definitions and tombstones, all or nothing. */
  public void publish(DefinitionDiff diff) {
    Properties props = kafka.producerProperties("statuslog-checks-apply");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "statuslog-checks-apply-" + topic.name());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      diff.added().forEach(definition -> producer.send(new ProducerRecord<>(topic.name(), definition.getCheckId(), definition)));
      diff.changed().forEach(change -> producer.send(new ProducerRecord<>(topic.name(), change.after().getCheckId(), change.after())));
      diff.removed().forEach(id -> producer.send(new ProducerRecord<>(topic.name(), id, null)));
      producer.commitTransaction();
    }
  }
}

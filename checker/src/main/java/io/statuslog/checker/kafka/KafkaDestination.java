package io.statuslog.checker.kafka;

import io.statuslog.checker.spool.Destination;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The checker's destination: the results topic, exactly once. Each batch goes in one Kafka
 * transaction together with the spool position it reaches (committed as the offset of a
 * consumer group of this spool's own); only once committed does the spool record the position
 * on disk and free the files it covers. After any failure the producer is dropped; the next
 * attempt starts a new one, which aborts whatever transaction was left open (a broker gone
 * mid-commit: outcome unknown), and reads the committed position back, so delivery resumes from
 * the higher of Kafka's position (the checker died between commit and disk) and the spool's
 * (Kafka forgets the offsets of a group idle for seven days).
 *
 * <p>Before its first transaction it makes sure no other installation runs with the same agent
 * id ({@link AgentPresence}); a conflict, then or later (a producer fenced by another one with
 * our transactional id), is {@link Destination.Fatal}.
 */
public final class KafkaDestination implements Destination {
  private static final int BATCH = 500;

  private final KafkaSettings kafka;
  private final String spoolId;
  private final String agent;
  private final Topic<String, CheckResult> results;
  private final AgentPresence presence;
  private KafkaProducer<String, byte[]> producer;

  public KafkaDestination(KafkaSettings kafka, String spoolId, String agent) {
    this.kafka = kafka;
    this.spoolId = spoolId;
    this.agent = agent;
    this.results = kafka.topics().checkResults();
    this.presence = new AgentPresence(kafka, agent, spoolId);
  }

  @Override
  public String name() {
    return "Kafka";
  }

  @Override
  public int maxBatch() {
    return BATCH;
  }

  private String transactionalId() {
    return "statuslog-spool-" + spoolId;
  }

  /** The position is kept as the committed offset of partition 0 of the results topic in this spool's group. */
  private TopicPartition positionKey() {
    return new TopicPartition(results.name(), 0);
  }

  @Override
  public Optional<Long> prepare() {
    return guarded(() -> {
      if (producer != null) {
        presence.keepAlive();
        return Optional.empty();
      }
      producer = newProducer();
      TopicAdmin.ensureTopics(kafka);
      presence.join();
      producer.initTransactions();
      return Optional.of(committedPosition().orElse(0L));
    });
  }

  @Override
  public long deliver(List<ResultSpool.Entry> batch) {
    return guarded(() -> {
      long last = batch.getLast().seq();
      producer.beginTransaction();
      for (ResultSpool.Entry entry : batch) {
        producer.send(new ProducerRecord<>(results.name(), entry.result().getCheckId(), results.valueSerde().serializer().serialize(results.name(), entry.result())));
      }
      producer.sendOffsetsToTransaction(Map.of(positionKey(), new OffsetAndMetadata(last)), new ConsumerGroupMetadata(transactionalId()));
      producer.commitTransaction();
      return last;
    });
  }

  /**
   * Runs one step; any failure drops the producer, so the next attempt starts afresh, and one
   * that means another installation holds our identity becomes {@link Destination.Fatal}.
   */
  private <T> T guarded(java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (AgentPresence.AgentInUseException e) {
      closeProducer();
      throw new Destination.Fatal(e.getMessage(), e);
    } catch (ProducerFencedException e) {
      closeProducer();
      throw new Destination.Fatal("another checker started with this spool's transactional id " + transactionalId() + " (a copy of this spool directory?)", e);
    } catch (RuntimeException e) {
      closeProducer();
      throw e;
    }
  }

  private Optional<Long> committedPosition() {
    Properties props = kafka.clientProperties("statuslog-spool-admin-" + spoolId);
    props.put("default.api.timeout.ms", 15_000);
    props.put("request.timeout.ms", 10_000);
    try (Admin admin = Admin.create(props)) {
      // Stable offsets only: right after initTransactions() the coordinator may still be writing
      // the marker of the transaction a failure interrupted; reading the position before then
      // would deliver that batch a second time.
      ListConsumerGroupOffsetsOptions stable = new ListConsumerGroupOffsetsOptions().requireStable(true);
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets(transactionalId(), stable).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).get(positionKey());
      return Optional.ofNullable(committed).map(OffsetAndMetadata::offset);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("cannot read the delivered spool position", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  private KafkaProducer<String, byte[]> newProducer() {
    Properties props = kafka.producerProperties("statuslog-checker-" + agent);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private void closeProducer() {
    if (producer != null) {
      producer.close();
      producer = null;
    }
  }

  @Override
  public void close() {
    closeProducer();
    presence.close();
  }
}

package io.statuslog.checker.spool;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the spool to Kafka, oldest first, exactly once. Each batch goes in one Kafka
 * transaction together with the spool position it reaches (committed as the offset of a
 * consumer group of this agent's own), so after any failure or restart delivery resumes from
 * the position Kafka committed: a result is neither lost nor written twice. A failure of
 * unknown outcome (broker gone mid-commit) is handled the same way: start a new producer, which
 * aborts whatever was open, read the committed position, go on from there.
 */
public final class SpoolDelivery implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolDelivery.class);
  private static final int BATCH = 500;

  private final KafkaSettings kafka;
  private final ResultSpool spool;
  private final String agent;
  private final List<CheckDefinition> definitions;
  private final Topic<String, CheckResult> results;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile long delivered = -1;

  public SpoolDelivery(KafkaSettings kafka, ResultSpool spool, String agent, List<CheckDefinition> definitions) {
    this.kafka = kafka;
    this.spool = spool;
    this.agent = agent;
    this.definitions = List.copyOf(definitions);
    this.results = kafka.topics().checkResults();
  }

  /** The highest spool sequence Kafka has committed; -1 before the first contact. */
  public long delivered() {
    return delivered;
  }

  private String group() {
    return "statuslog-spool-" + agent;
  }

  /** The position is kept as the committed offset of partition 0 of the results topic in this agent's group. */
  private TopicPartition positionKey() {
    return new TopicPartition(results.name(), 0);
  }

  @Override
  public void run() {
    Duration backoff = Duration.ofSeconds(1);
    boolean definitionsSent = false;
    boolean outageLogged = false;
    while (!stopped.get()) {
      try (KafkaProducer<String, byte[]> producer = newProducer()) {
        TopicAdmin.ensureTopics(kafka);
        producer.initTransactions();
        delivered = committedPosition();
        spool.ensureSequenceAfter(delivered);
        spool.release(delivered);
        if (outageLogged) {
          LOG.info("Kafka reachable again; delivering spooled results from seq={} agent={}", delivered + 1, agent);
          outageLogged = false;
        }
        if (!definitionsSent) {
          sendDefinitions(producer);
          definitionsSent = true;
        }
        backoff = Duration.ofSeconds(1);
        while (!stopped.get()) {
          List<ResultSpool.Entry> batch = spool.readAfter(delivered, BATCH, Duration.ofMillis(200));
          if (batch.isEmpty()) {
            continue;
          }
          long last = batch.getLast().seq();
          producer.beginTransaction();
          for (ResultSpool.Entry entry : batch) {
            producer.send(new ProducerRecord<>(results.name(), entry.result().getCheckId(), results.valueSerde().serializer().serialize(results.name(), entry.result())));
          }
          producer.sendOffsetsToTransaction(Map.of(positionKey(), new OffsetAndMetadata(last)), new ConsumerGroupMetadata(group()));
          producer.commitTransaction();
          delivered = last;
          spool.release(last);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (stopped.get()) {
          return;
        }
        if (!outageLogged) {
          LOG.warn("cannot deliver to Kafka, results stay in the spool agent={} pending={} error={}", agent, spool.lastSeq() - Math.max(delivered, 0), e.toString());
          outageLogged = true;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : backoff.multipliedBy(2);
      }
    }
  }

  private void sendDefinitions(KafkaProducer<String, byte[]> producer) {
    Topic<String, CheckDefinition> topic = kafka.topics().checkDefinitions();
    producer.beginTransaction();
    for (CheckDefinition definition : definitions) {
      producer.send(new ProducerRecord<>(topic.name(), definition.getCheckId(), topic.valueSerde().serializer().serialize(topic.name(), definition)));
    }
    producer.commitTransaction();
    LOG.info("published check definitions count={} topic={}", definitions.size(), topic.name());
  }

  private long committedPosition() {
    try (Admin admin = Admin.create(kafka.clientProperties("statuslog-spool-admin-" + agent))) {
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group()).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).get(positionKey());
      return committed == null ? 0 : committed.offset();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new org.apache.kafka.common.KafkaException("cannot read the delivered spool position", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.KafkaException("interrupted", e);
    }
  }

  private KafkaProducer<String, byte[]> newProducer() {
    Properties props = kafka.producerProperties("statuslog-checker-" + agent);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "statuslog-checker-" + agent);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  public void stop() {
    stopped.set(true);
  }
}

package io.statuslog.checker.kafka;

import io.statuslog.checker.core.OutageReport;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the spool to Kafka, oldest first, exactly once. Each batch goes in one Kafka
 * transaction together with the spool position it reaches (committed as the offset of a
 * consumer group of this spool's own); once committed, the spool records the position on disk
 * too and frees the files it covers. After any failure or restart delivery resumes from the
 * higher of the two positions: Kafka's, in case the checker died between commit and disk, and
 * the spool's, because Kafka forgets the offsets of a group idle for seven days. A failure of
 * unknown outcome (broker gone mid-commit) is handled the same way: start a new producer, which
 * aborts whatever was open, read the positions, go on from there.
 *
 * <p>Before its first transaction it makes sure no other installation runs with the same agent
 * id ({@link AgentPresence}); a conflict, then or later (a producer fenced by another one with
 * our transactional id), stops delivery for good and fails {@link #fatal()}: the results stay
 * in the spool.
 */
public final class SpoolDelivery implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolDelivery.class);
  private static final int BATCH = 500;
  private static final Duration OUTAGE_SUMMARY_EVERY = Duration.ofMinutes(1);

  private final KafkaSettings kafka;
  private final ResultSpool spool;
  private final String agent;
  private final Topic<String, CheckResult> results;
  private final Clock clock;
  private final OutageReport outage = new OutageReport(OUTAGE_SUMMARY_EVERY);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CompletableFuture<Void> fatal = new CompletableFuture<>();

  public SpoolDelivery(KafkaSettings kafka, ResultSpool spool, String agent, Clock clock) {
    this.kafka = kafka;
    this.spool = spool;
    this.agent = agent;
    this.results = kafka.topics().checkResults();
    this.clock = clock;
  }

  /** Completes exceptionally when delivery stopped for a reason a retry cannot fix. */
  public CompletableFuture<Void> fatal() {
    return fatal;
  }

  private String transactionalId() {
    return "statuslog-spool-" + spool.id();
  }

  /** The position is kept as the committed offset of partition 0 of the results topic in this spool's group. */
  private TopicPartition positionKey() {
    return new TopicPartition(results.name(), 0);
  }

  @Override
  public void run() {
    Duration backoff = Duration.ofSeconds(1);
    try (AgentPresence presence = new AgentPresence(kafka, agent, spool.id())) {
      while (!stopped()) {
        try (KafkaProducer<String, byte[]> producer = newProducer()) {
          TopicAdmin.ensureTopics(kafka);
          presence.join();
          producer.initTransactions();
          resumeFrom(committedPosition());
          outage.delivered(clock.instant(), spool.pending()).ifPresent(LOG::info);
          backoff = Duration.ofSeconds(1);
          while (!stopped()) {
            presence.keepAlive();
            List<ResultSpool.Entry> batch = spool.readAfter(spool.delivered(), BATCH, Duration.ofMillis(200));
            if (!batch.isEmpty()) {
              deliver(producer, batch);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (AgentPresence.AgentInUseException | ProducerFencedException e) {
          String reason = e instanceof ProducerFencedException
              ? "another checker started with this spool's transactional id " + transactionalId() + " (a copy of this spool directory?)"
              : e.getMessage();
          LOG.error("delivery stopped agent={} spool={} pending={}: {}", agent, spool.id(), spool.pending(), reason);
          fatal.completeExceptionally(new IllegalStateException(reason, e));
          return;
        } catch (RuntimeException e) {
          if (stopped()) {
            return;
          }
          outage.failed(clock.instant(), e.toString(), spool.pending(), oldestPending()).ifPresent(line -> LOG.warn("{} agent={} spool={}", line, agent, spool.id()));
          if (!pause(backoff)) {
            return;
          }
          backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : backoff.multipliedBy(2);
        }
      }
    }
  }

  private void deliver(KafkaProducer<String, byte[]> producer, List<ResultSpool.Entry> batch) {
    long last = batch.getLast().seq();
    producer.beginTransaction();
    for (ResultSpool.Entry entry : batch) {
      producer.send(new ProducerRecord<>(results.name(), entry.result().getCheckId(), results.valueSerde().serializer().serialize(results.name(), entry.result())));
    }
    producer.sendOffsetsToTransaction(Map.of(positionKey(), new OffsetAndMetadata(last)), new ConsumerGroupMetadata(transactionalId()));
    producer.commitTransaction();
    spool.markDelivered(last);
  }

  /** Kafka may know a later position than the spool (a crash between commit and disk), or none (expired). */
  private void resumeFrom(Optional<Long> committedInKafka) {
    long onDisk = spool.delivered();
    committedInKafka.filter(position -> position > onDisk).ifPresent(position -> {
      LOG.info("spool position behind Kafka's, taking Kafka's spool={} disk={} kafka={}", spool.id(), onDisk, position);
      spool.markDelivered(position);
    });
    LOG.info("delivering from seq={} agent={} spool={} pending={}", spool.delivered() + 1, agent, spool.id(), spool.pending());
  }

  private Optional<Instant> oldestPending() {
    try {
      return spool.readAfter(spool.delivered(), 1, Duration.ZERO).stream().findFirst().map(entry -> entry.result().getStartedAt());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<Long> committedPosition() {
    Properties props = kafka.clientProperties("statuslog-spool-admin-" + spool.id());
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

  /** Sleeps out a backoff, or less when stopped; false when delivery should end. */
  private boolean pause(Duration backoff) {
    try {
      return !stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean stopped() {
    return stopped.getCount() == 0;
  }

  /** True while Kafka cannot be reached: a stopping checker need not wait for delivery then. */
  public boolean inOutage() {
    return outage.inOutage();
  }

  public void stop() {
    stopped.countDown();
  }
}

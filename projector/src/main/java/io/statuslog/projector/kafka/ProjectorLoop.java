package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.Topics;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects the log into the read model, exactly once. It does not use Kafka consumer groups:
 * the position lives in the read model's {@code consumed_offsets}, written in the same
 * transaction as the rows (the "read the offsets from an external store" pattern), and every
 * (re)start seeks to it. A crash at any point therefore neither loses nor double-counts.
 *
 * <p>Failures are sorted as Kafka's own consumer example does: a database error is transient
 * (roll back, wait, re-seek to the stored offsets, go on); an undecodable record is skipped and
 * counted, never retried forever; an offset the log no longer holds is reported loudly.
 */
public final class ProjectorLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectorLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  /** Points in a batch's life, for tests that crash the projector there. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** Inside the transaction: rows and offsets written, not committed. */
    default void beforeCommit(long batchNumber) {}

    /** The batch is committed. */
    default void afterCommit(long batchNumber) {}
  }

  private final KafkaSettings kafka;
  private final Topic<String, CheckResult> results;
  private final Topic<String, CheckDefinition> definitions;
  private final DataSource dataSource;
  private final ReadModelWriter writer;
  private final int maxBatch;
  private final Observer observer;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile KafkaConsumer<String, byte[]> consumer;

  public ProjectorLoop(KafkaSettings kafka, DataSource dataSource, ReadModelWriter writer, int maxBatch, Observer observer) {
    Topics topics = kafka.topics();
    this.kafka = kafka;
    this.results = topics.checkResults();
    this.definitions = topics.checkDefinitions();
    this.dataSource = dataSource;
    this.writer = writer;
    this.maxBatch = maxBatch;
    this.observer = observer;
  }

  @Override
  public void run() {
    Properties props = kafka.clientProperties("statuslog-projector");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, byte[]> kafkaConsumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafkaConsumer;
      loop(kafkaConsumer);
    } finally {
      finished.countDown();
      LOG.info("projector stopped");
    }
  }

  private void loop(KafkaConsumer<String, byte[]> consumer) {
    boolean needsSeek = true;
    long batchNumber = 0;
    Duration backoff = Duration.ofMillis(500);
    Progress progress = new Progress();
    while (!stopped.get()) {
      try {
        if (needsSeek) {
          seekToStoredOffsets(consumer);
          needsSeek = false;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          Batch batch = decode(records);
          long number = ++batchNumber;
          try (Connection connection = dataSource.getConnection()) {
            writer.apply(connection, batch, () -> observer.beforeCommit(number));
          }
          observer.afterCommit(number);
          progress.add(batch.size());
        }
        backoff = Duration.ofMillis(500);
        progress.reportIfDue(consumer);
      } catch (WakeupException e) {
        if (!stopped.get()) {
          throw e;
        }
      } catch (SQLException e) {
        LOG.warn("read model write failed, retrying from stored offsets in {} ms: {}", backoff.toMillis(), e.getMessage());
        needsSeek = true;
        backoff = pause(backoff);
      } catch (OffsetOutOfRangeException e) {
        LOG.error("the log no longer holds offsets this read model needs partitions={} (retention deleted data; rebuild needed)", e.offsetOutOfRangePartitions());
        e.offsetOutOfRangePartitions().keySet().forEach(tp -> consumer.seekToBeginning(List.of(tp)));
      } catch (RuntimeException e) {
        LOG.warn("projector step failed, retrying from stored offsets in {} ms: {}", backoff.toMillis(), e.toString());
        needsSeek = true;
        backoff = pause(backoff);
      }
    }
  }

  private Duration pause(Duration backoff) {
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.set(true);
    }
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : next;
  }

  private void seekToStoredOffsets(KafkaConsumer<String, byte[]> consumer) throws SQLException {
    Map<LogPartition, Long> stored;
    try (Connection connection = dataSource.getConnection()) {
      stored = writer.storedOffsets(connection);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(definitions.name(), results.name())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist yet");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    consumer.assign(partitions);
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long next = stored.get(new LogPartition(tp.topic(), tp.partition()));
      if (next == null) {
        fromStart.add(tp);
      } else {
        consumer.seek(tp, next);
      }
    }
    if (!fromStart.isEmpty()) {
      // An empty list would mean "every assigned partition" to the consumer.
      consumer.seekToBeginning(fromStart);
    }
    LOG.info("projector positioned partitions={} stored={} fromStart={}", partitions.size(), stored.size(), fromStart.size());
  }

  private Batch decode(ConsumerRecords<String, byte[]> records) {
    List<CheckResult> decodedResults = new ArrayList<>();
    Map<String, Optional<CheckDefinition>> decodedDefinitions = new HashMap<>();
    Map<LogPartition, Long> nextOffsets = new HashMap<>();
    int poison = 0;
    for (ConsumerRecord<String, byte[]> record : records) {
      nextOffsets.put(new LogPartition(record.topic(), record.partition()), record.offset() + 1);
      try {
        if (record.topic().equals(results.name())) {
          CheckResult result = results.valueSerde().deserializer().deserialize(record.topic(), record.value());
          if (result != null) {
            decodedResults.add(result);
          }
        } else {
          CheckDefinition definition = definitions.valueSerde().deserializer().deserialize(record.topic(), record.value());
          decodedDefinitions.put(record.key(), Optional.ofNullable(definition));
        }
      } catch (SerializationException e) {
        poison++;
        LOG.error("skipped undecodable record topic={} partition={} offset={} reason={}", record.topic(), record.partition(), record.offset(), e.getMessage());
      }
    }
    return new Batch(decodedResults, decodedDefinitions, poison, nextOffsets);
  }

  /** Stops the loop and waits for it to finish its current batch. */
  public void stop() throws InterruptedException {
    stopped.set(true);
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    finished.await();
  }

  /** Throughput and lag, logged every few seconds while there is work. */
  private static final class Progress {
    private long events;
    private long windowStart = System.nanoTime();

    void add(int count) {
      events += count;
    }

    void reportIfDue(KafkaConsumer<String, byte[]> consumer) {
      long now = System.nanoTime();
      Duration elapsed = Duration.ofNanos(now - windowStart);
      if (elapsed.compareTo(PROGRESS_EVERY) < 0) {
        return;
      }
      if (events > 0) {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
          lag += consumer.currentLag(tp).orElse(0);
        }
        double rate = events / (elapsed.toMillis() / 1000.0);
        String eta = rate > 0 && lag > 0 ? Duration.ofSeconds((long) (lag / rate)).toString() : "PT0S";
        LOG.info("projector progress events={} rate={}/s lag={} eta={}", events, Math.round(rate), lag, eta);
      }
      events = 0;
      windowStart = now;
    }
  }
}

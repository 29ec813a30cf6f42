package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.Observation;
import io.statuslog.projector.db.Lease;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects the log into one read model generation, exactly once. It does not use Kafka
 * consumer groups: the position lives in the generation's {@code consumed_offsets}, written in
 * the same transaction as the rows (the "read the offsets from an external store" pattern),
 * and every (re)start seeks to it. A crash at any point therefore neither loses nor
 * double-counts.
 *
 * <p>Writes go through the connection that holds the generation's {@link Lease}, so a second
 * projector for the same generation waits instead of interleaving.
 *
 * <p>Failures are sorted as Kafka's own consumer example does: a database error is transient
 * (roll back, drop the lease, wait, re-seek to the stored offsets); an undecodable record is
 * skipped and counted, never retried forever; an offset the log no longer holds is reported
 * loudly.
 */
public final class ProjectorLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectorLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);

  /** Points in a batch's life, for tests that crash the projector there. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** Inside the transaction: rows and offsets written, not committed. */
    default void beforeCommit(long batchNumber) {}

    /** The batch is committed. */
    default void afterCommit(long batchNumber) {}
  }

  /** How a loop runs: records per batch, and how often it reports progress. */
  public record Settings(int maxBatch, Duration progressEvery) {
    public static Settings following(int maxBatch) {
      return new Settings(maxBatch, Duration.ofSeconds(10));
    }

    public static Settings replaying(int maxBatch) {
      return new Settings(maxBatch, Duration.ofSeconds(2));
    }
  }

  private final KafkaSettings kafka;
  private final Topic<String, CheckResult> results;
  private final ObservationDecoder observations = new ObservationDecoder(SchemaCatalog.bundled().store());
  private final Topic<String, CheckDefinition> definitions;
  private final Topic<String, IncidentEvent> incidents;
  private final DeadLetters deadLetters;
  private final DataSource dataSource;
  private final int generationId;
  private final ReadModelWriter writer;
  private final Settings settings;
  private final Observer observer;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  /** For a bounded replay: project records below these offsets only, then stop. */
  private Map<LogPartition, Long> stopAt;

  public ProjectorLoop(
      KafkaSettings kafka, DataSource dataSource, int generationId, ReadModelWriter writer, Settings settings, Observer observer) {
    Topics topics = kafka.topics();
    this.kafka = kafka;
    this.results = topics.checkResults();
    this.definitions = topics.checkDefinitions();
    this.incidents = topics.incidents();
    this.deadLetters = new DeadLetters(kafka, generationId);
    this.dataSource = dataSource;
    this.generationId = generationId;
    this.writer = writer;
    this.settings = settings;
    this.observer = observer;
  }

  /** Follows the log until {@link #stop()}. */
  public void run() {
    run(false);
  }

  /** Replays until the generation holds everything the log held a moment ago; false if stopped first. */
  public boolean runUntilCaughtUp() {
    return run(true);
  }

  /**
   * Replays up to, not including, the given offsets and stops: the generation then holds
   * exactly what another one held at those offsets. Partitions not named are not read.
   */
  public void runUntil(Map<LogPartition, Long> offsets) {
    stopAt = Map.copyOf(offsets);
    run(true);
  }

  private boolean run(boolean untilCaughtUp) {
    Properties props = kafka.clientProperties("statuslog-projector-gen-" + generationId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    props.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer = kafkaConsumer;
    try {
      return loop(kafkaConsumer, untilCaughtUp);
    } finally {
      // Nothing to commit (positions live in the generation), so nothing to wait for: a
      // graceful close waits out the fetch in flight, up to fetch.max.wait.ms.
      kafkaConsumer.close(CloseOptions.timeout(Duration.ZERO));
      finished.countDown();
      LOG.info("projector stopped generation={}", generationId);
    }
  }

  /** A batch decoded, and what decoding it cost. */
  private record Decoded(Batch batch, long nanos) {}

  /** A batch committed, and what it cost, for the progress line. */
  private record Written(int events, long decodeNanos, long writeNanos) {
    static final Written NOTHING = new Written(0, 0, 0);
  }

  /**
   * A pipeline of three threads: this one polls batch n+2 while a decoder thread decodes batch
   * n+1 and the writer thread writes batch n, so Kafka, the CPU work and PostgreSQL overlap.
   * Batches still commit one at a time, in order, each with its offsets: each write waits for
   * the one before it and does not run if that one failed. A failure discards what was read
   * ahead and re-seeks to the stored offsets.
   */
  private boolean loop(KafkaConsumer<byte[], byte[]> consumer, boolean untilCaughtUp) {
    Lease lease = null;
    CompletableFuture<Decoded> decoding = null;
    CompletableFuture<Written> written = null;
    long batchNumber = 0;
    Duration backoff = Duration.ofMillis(500);
    Progress progress = new Progress(settings.progressEvery());
    boolean waitingLogged = false;
    boolean nearlyCaughtUp = false;
    ExecutorService decoderThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("projector-decoder-gen-" + generationId).factory());
    ExecutorService writerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("projector-writer-gen-" + generationId).factory());
    try {
      while (!stopped.get()) {
        try {
          if (lease == null) {
            Optional<Lease> acquired = Lease.tryAcquire(dataSource, generationId);
            if (acquired.isEmpty()) {
              if (!waitingLogged) {
                LOG.info("waiting: another projector holds the lease of generation={}", generationId);
                waitingLogged = true;
              }
              pause(Duration.ofSeconds(2));
              continue;
            }
            lease = acquired.get();
            waitingLogged = false;
            seekToStoredOffsets(consumer, lease);
          }
          long polling = System.nanoTime();
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          long pollNanos = System.nanoTime() - polling;
          CompletableFuture<Written> previous = written;
          if (!records.isEmpty()) {
            long number = ++batchNumber;
            Connection connection = lease.connection();
            decoding = CompletableFuture.supplyAsync(() -> decodeAndSetAside(records), decoderThread);
            written = (previous == null ? CompletableFuture.completedFuture(Written.NOTHING) : previous)
                .thenCombineAsync(decoding, (before, decoded) -> write(connection, decoded, number), writerThread);
          }
          progress.add(pollNanos, awaitWrite(previous));
          backoff = Duration.ofMillis(500);
          progress.reportIfDue(consumer, generationId);
          if (stopAt != null) {
            if (reachedStop(consumer)) {
              finish(written, previous, progress, consumer);
              return true;
            }
          } else if (untilCaughtUp) {
            // Done at lag 0; with results still arriving, zero may never be seen, so two
            // checks in a row under one batch count as caught up too.
            long lag = lag(consumer);
            if (lag == 0 || (nearlyCaughtUp && lag < settings.maxBatch())) {
              finish(written, previous, progress, consumer);
              return true;
            }
            nearlyCaughtUp = lag < settings.maxBatch();
          }
        } catch (WakeupException e) {
          if (!stopped.get()) {
            throw e;
          }
        } catch (SQLException e) {
          LOG.warn("generation={} write failed, retrying from stored offsets in {} ms: {}", generationId, backoff.toMillis(), e.getMessage());
          written = drain(written, decoding);
          lease = release(lease);
          backoff = pause(backoff);
        } catch (OffsetOutOfRangeException e) {
          LOG.error("generation={} the log no longer holds offsets it needs partitions={} (retention deleted data)", generationId, e.offsetOutOfRangePartitions());
          e.offsetOutOfRangePartitions().keySet().forEach(tp -> consumer.seekToBeginning(List.of(tp)));
        } catch (RuntimeException e) {
          LOG.warn("generation={} step failed, retrying from stored offsets in {} ms: {}", generationId, backoff.toMillis(), e.toString());
          written = drain(written, decoding);
          lease = release(lease);
          backoff = pause(backoff);
        }
      }
      return false;
    } finally {
      drain(written, decoding);
      decoderThread.shutdown();
      writerThread.shutdown();
      release(lease);
      deadLetters.close();
    }
  }

  /** Waits for the last write and reports; {@code counted} is the write already in the progress. */
  private void finish(CompletableFuture<Written> last, CompletableFuture<Written> counted, Progress progress, KafkaConsumer<byte[], byte[]> consumer)
      throws SQLException {
    Written written = awaitWrite(last);
    if (last != counted) {
      progress.add(0, written);
    }
    progress.report(consumer, generationId);
  }

  /** On the decoder thread: undecodable records are set aside before the batch can commit. */
  private Decoded decodeAndSetAside(ConsumerRecords<byte[], byte[]> records) {
    long decoding = System.nanoTime();
    Batch batch = decode(records);
    deadLetters.flush();
    return new Decoded(batch, System.nanoTime() - decoding);
  }

  /** On the writer thread. */
  private Written write(Connection connection, Decoded decoded, long batchNumber) {
    long writing = System.nanoTime();
    try {
      writer.apply(connection, decoded.batch(), () -> observer.beforeCommit(batchNumber));
    } catch (SQLException e) {
      throw new CompletionException(e);
    }
    observer.afterCommit(batchNumber);
    return new Written(decoded.batch().size(), decoded.nanos(), System.nanoTime() - writing);
  }

  /** Waits for a batch's write; its failure (or its decoding's) becomes this thread's. */
  private static Written awaitWrite(Future<Written> written) throws SQLException {
    if (written == null) {
      return Written.NOTHING;
    }
    try {
      return written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while writing a batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Lets the work in flight finish (or fail) before the connection and the dead-letter producer
   * it uses are closed; its outcome no longer matters.
   */
  private static CompletableFuture<Written> drain(Future<?>... inFlight) {
    for (Future<?> future : inFlight) {
      if (future != null) {
        try {
          future.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          // Already being handled: the loop re-seeks to the stored offsets.
        }
      }
    }
    return null;
  }

  private static Lease release(Lease lease) {
    if (lease != null) {
      lease.close();
    }
    return null;
  }

  private boolean reachedStop(KafkaConsumer<byte[], byte[]> consumer) {
    boolean reached = true;
    for (TopicPartition tp : consumer.assignment()) {
      long target = stopAt.getOrDefault(new LogPartition(tp.topic(), tp.partition()), 0L);
      if (consumer.position(tp) >= target) {
        consumer.pause(List.of(tp));
      } else {
        reached = false;
      }
    }
    return reached;
  }

  /**
   * Records in the log not yet projected. Fetch responses carry each partition's end (the last
   * stable offset, as we read committed), so the consumer knows it without asking; the brokers
   * are asked only for partitions not fetched yet. Asking every time cost a round trip per
   * batch, and at the end of a replay up to {@code fetch.max.wait.ms}: the broker answers
   * requests on a connection in order, behind the fetch that is waiting for data.
   */
  private static long lag(KafkaConsumer<byte[], byte[]> consumer) {
    long lag = 0;
    List<TopicPartition> unknown = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      OptionalLong known = consumer.currentLag(tp);
      if (known.isPresent()) {
        lag += Math.max(0, known.getAsLong());
      } else {
        unknown.add(tp);
      }
    }
    if (!unknown.isEmpty()) {
      for (var end : consumer.endOffsets(unknown).entrySet()) {
        lag += Math.max(0, end.getValue() - consumer.position(end.getKey()));
      }
    }
    return lag;
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

  private void seekToStoredOffsets(KafkaConsumer<byte[], byte[]> consumer, Lease lease) throws SQLException {
    Map<LogPartition, Long> stored = writer.storedOffsets(lease.connection());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(definitions.name(), incidents.name(), results.name())) {
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
    LOG.info("projector positioned generation={} version={} partitions={} stored={} fromStart={}",
        generationId, writer.version(), partitions.size(), stored.size(), fromStart.size());
  }

  /** Partition by partition, so topics, offsets and the stop bound are looked up once per partition, not per record. */
  private Batch decode(ConsumerRecords<byte[], byte[]> records) {
    List<Observation> decodedResults = new ArrayList<>(records.count());
    Map<String, Optional<CheckDefinition>> decodedDefinitions = new HashMap<>();
    List<IncidentEvent> decodedIncidents = new ArrayList<>();
    Map<LogPartition, Long> nextOffsets = new HashMap<>();
    int poison = 0;
    for (TopicPartition tp : records.partitions()) {
      LogPartition partition = new LogPartition(tp.topic(), tp.partition());
      long stopOffset = stopAt == null ? Long.MAX_VALUE : stopAt.getOrDefault(partition, 0L);
      boolean isResults = tp.topic().equals(results.name());
      boolean isDefinitions = tp.topic().equals(definitions.name());
      long next = -1;
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        if (record.offset() >= stopOffset) {
          break;
        }
        next = record.offset() + 1;
        try {
          if (isResults) {
            if (record.value() != null) {
              decodedResults.add(observations.decode(record.value()));
            }
          } else if (isDefinitions) {
            if (record.key() == null) {
              throw new SerializationException("a check definition needs its check id as key");
            }
            String checkId = new String(record.key(), StandardCharsets.UTF_8);
            decodedDefinitions.put(checkId, Optional.ofNullable(definitions.valueSerde().deserializer().deserialize(tp.topic(), record.value())));
          } else {
            IncidentEvent event = incidents.valueSerde().deserializer().deserialize(tp.topic(), record.value());
            if (event != null) {
              decodedIncidents.add(event);
            }
          }
        } catch (SerializationException e) {
          poison++;
          LOG.error("undecodable record set aside generation={} topic={} partition={} offset={} reason={}",
              generationId, record.topic(), record.partition(), record.offset(), e.getMessage());
          deadLetters.send(record, e.getMessage());
        }
      }
      if (next >= 0) {
        nextOffsets.put(partition, next);
      }
    }
    return new Batch(decodedResults, decodedDefinitions, decodedIncidents, poison, nextOffsets);
  }

  /** Stops the loop and waits for it to finish its current batch. */
  public void stop() throws InterruptedException {
    stopped.set(true);
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (current != null) {
      finished.await();
    }
  }

  /** Throughput, lag and ETA, logged while there is work. */
  private static final class Progress {
    private final Duration every;
    private long events;
    private long total;
    private long pollNanos;
    private long decodeNanos;
    private long writeNanos;
    private long windowStart = System.nanoTime();

    Progress(Duration every) {
      this.every = every;
    }

    void add(long poll, Written written) {
      events += written.events();
      total += written.events();
      pollNanos += poll;
      decodeNanos += written.decodeNanos();
      writeNanos += written.writeNanos();
    }

    void reportIfDue(KafkaConsumer<byte[], byte[]> consumer, int generationId) {
      if (Duration.ofNanos(System.nanoTime() - windowStart).compareTo(every) >= 0) {
        report(consumer, generationId);
      }
    }

    void report(KafkaConsumer<byte[], byte[]> consumer, int generationId) {
      long now = System.nanoTime();
      Duration elapsed = Duration.ofNanos(now - windowStart);
      if (events > 0) {
        long lag = lag(consumer);
        double rate = events / Math.max(elapsed.toMillis() / 1000.0, 0.001);
        String eta = rate > 0 && lag > 0 ? Duration.ofSeconds((long) Math.ceil(lag / rate)).toString() : "PT0S";
        LOG.info("projector progress generation={} events={} total={} rate={}/s lag={} eta={} pollMs={} decodeMs={} writeMs={}",
            generationId, events, total, Math.round(rate), lag, eta, pollNanos / 1_000_000, decodeNanos / 1_000_000, writeNanos / 1_000_000);
      }
      events = 0;
      pollNanos = 0;
      decodeNanos = 0;
      writeNanos = 0;
      windowStart = now;
    }
  }
}

package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.LostRecords;
import io.statuslog.projector.core.PartitionWatch;
import io.statuslog.projector.db.Lease;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.db.ReadModelWriter.Refused;
import io.statuslog.projector.kafka.BatchDecoder.Separable;
import io.statuslog.projector.kafka.Progress.Written;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects the log into one read model generation, exactly once. It does not use Kafka
 * consumer groups: the position lives in the generation (offsets and spool numbers), written in
 * the same transaction as the rows (the "read the offsets from an external store" pattern), and
 * every (re)start seeks to it. A crash at any point therefore neither loses nor double-counts.
 *
 * <p>One turn of the loop: hold the generation's {@link Lease} (a second projector waits),
 * look for partitions added to the topics, poll, decode the poll ({@link BatchDecoder}: copies
 * left out, undecodable records set aside), and once the polls decoded make a batch (or the log
 * has no more for now) hand it to the {@link Pipeline}, which writes it ({@link ReadModelWriter})
 * behind the batch before. The position stored is the
 * consumer's, so transaction markers count as read and an idle generation has lag 0.
 *
 * <p>Failures are sorted as Kafka's own consumer example does:
 * <ul>
 *   <li>a record PostgreSQL refuses: the batch is read again and stored record by record, the
 *       refused ones set aside on the dead-letter topic;
 *   <li>an offset the log no longer holds: records were deleted, so the generation stops where
 *       it is and the run ends with {@link Outcome.RecordsLost} naming the gap;
 *   <li>anything else (the database or the broker away): roll back, drop the lease, wait,
 *       start again from the stored position. A projector role does so for as long as it
 *       takes; a replay for an operator command ({@code rebuild}, {@code verify}) gives up
 *       once its steps have failed for {@link Settings#giveUpAfter}, so the command ends with
 *       the reason instead of waiting for ever.
 * </ul>
 */
public final class ProjectorLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectorLoop.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PARTITIONS_LOOK_EVERY = Duration.ofSeconds(10);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

  /** Points in a batch's life, for tests that crash the projector there. */
  public interface Observer {
    Observer NONE = new Observer() {};

    /** Inside the transaction: rows and position written, not committed. */
    default void beforeCommit(long batchNumber) {}

    /** The batch is committed. */
    default void afterCommit(long batchNumber) {}
  }

  /**
   * How a loop runs: records per batch (written once the polls decoded reach it, so up to one
   * poll more), how often it reports progress, and how long its steps may fail in a row before
   * it gives up (never, when empty).
   */
  public record Settings(int maxBatch, Duration progressEvery, Optional<Duration> giveUpAfter) {
    /** Long enough to ride out a PostgreSQL restart or a broker's leader election. */
    static final Duration REPLAY_GIVES_UP_AFTER = Duration.ofMinutes(2);

    public static Settings following(int maxBatch) {
      return new Settings(maxBatch, Duration.ofSeconds(10), Optional.empty());
    }

    public static Settings replaying(int maxBatch) {
      return new Settings(maxBatch, Duration.ofSeconds(2), Optional.of(REPLAY_GIVES_UP_AFTER));
    }
  }

  /** How a run ended. */
  public sealed interface Outcome {
    /** The generation holds everything the log held when asked (or up to the given offsets). */
    record CaughtUp() implements Outcome {}

    /** Stopped on request. */
    record Stopped() implements Outcome {}

    /** The log no longer holds records the generation needs; it was not written past the gap. */
    record RecordsLost(List<LostRecords.Gap> gaps) implements Outcome {}
  }

  private final KafkaSettings kafka;
  private final List<Topic<String, ?>> topics;
  private final DeadLetters deadLetters;
  private final DataSource dataSource;
  private final int generationId;
  private final ReadModelWriter writer;
  private final Settings settings;
  private final Observer observer;
  /** Counted down by {@link #stop()}: the loop ends, and a pause between retries ends at once. */
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Optional<Map<LogPartition, Long>> stopAt = Optional.empty();
  private BatchDecoder decoder;
  private long batchNumber;
  private boolean waitingLogged;
  /** When the steps began failing in a row ({@code System.nanoTime()}); empty while they succeed. */
  private OptionalLong failingSince = OptionalLong.empty();

  public ProjectorLoop(
      KafkaSettings kafka, DataSource dataSource, int generationId, ReadModelWriter writer, Settings settings, Observer observer) {
    this.kafka = kafka;
    this.topics = kafka.topics().projected();
    this.deadLetters = new DeadLetters(kafka, generationId);
    this.dataSource = dataSource;
    this.generationId = generationId;
    this.writer = writer;
    this.settings = settings;
    this.observer = observer;
  }

  /** Follows the log until {@link #stop()} or until it finds records lost. */
  public Outcome run() {
    return run(false);
  }

  /** Replays until the generation holds everything the log held a moment ago. */
  public Outcome runUntilCaughtUp() {
    return run(true);
  }

  /**
   * Replays up to, not including, the given offsets and stops: the generation then holds
   * exactly what another one held at those offsets. Partitions not named are not read.
   */
  public Outcome runUntil(Map<LogPartition, Long> offsets) {
    stopAt = Optional.of(Map.copyOf(offsets));
    return run(true);
  }

  private Outcome run(boolean untilCaughtUp) {
    decoder = new BatchDecoder(kafka.topics(), deadLetters, generationId, stopAt);
    Properties props = kafka.clientProperties("statuslog-projector-gen-" + generationId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollSize());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // Partitions added to a topic become known within this much.
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) PARTITIONS_LOOK_EVERY.toMillis());
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
      deadLetters.close();
      finished.countDown();
      LOG.info("projector stopped generation={}", generationId);
    }
  }

  private Outcome loop(KafkaConsumer<byte[], byte[]> consumer, boolean untilCaughtUp) {
    Progress progress = new Progress(generationId, settings.progressEvery());
    PartitionWatch partitions = new PartitionWatch(PARTITIONS_LOOK_EVERY, System.nanoTime());
    CatchUp catchUp = new CatchUp();
    Lease lease = null;
    Map<LogPartition, Long> submitted = Map.of();
    Duration backoff = FIRST_BACKOFF;
    try (Pipeline pipeline = new Pipeline(generationId)) {
      NextBatch next = new NextBatch();
      while (!stopping()) {
        try {
          if (lease == null) {
            lease = acquireLease();
            if (lease == null) {
              continue;
            }
            submitted = seekToStoredPosition(consumer, lease);
          }
          if (partitions.due(System.nanoTime())) {
            readAddedPartitions(consumer);
          }

          long polling = System.nanoTime();
          ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
          long pollNanos = System.nanoTime() - polling;
          Map<LogPartition, Long> positions = positions(consumer);
          long decodeNanos = 0;
          Written previous = Written.NOTHING;
          if (records.isEmpty() && positions.equals(submitted)) {
            // Nothing new: see the last batch through, or its failure.
            previous = next.isEmpty() ? pipeline.awaitLast() : next.write(pipeline, lease.connection());
          } else {
            long decoding = System.nanoTime();
            next.add(records, positions);
            decodeNanos = System.nanoTime() - decoding;
            submitted = positions;
            // A short poll means the log has no more for now: write what there is.
            if (next.records() >= settings.maxBatch() || records.count() < pollSize()) {
              previous = next.write(pipeline, lease.connection());
            }
          }
          progress.add(pollNanos, decodeNanos, previous);
          backoff = FIRST_BACKOFF;
          failingSince = OptionalLong.empty();
          if (progress.due()) {
            progress.report(lag(consumer));
          }
          if (untilCaughtUp && (stopAt.isPresent() ? reachedStop(consumer) : catchUp.reached(lag(consumer)))) {
            if (!next.isEmpty()) {
              progress.add(0, 0, next.write(pipeline, lease.connection()));
            }
            progress.add(0, 0, pipeline.awaitLast());
            progress.report(lag(consumer));
            return new Outcome.CaughtUp();
          }
        } catch (WakeupException e) {
          if (!stopping()) {
            throw e;
          }
        } catch (OffsetOutOfRangeException e) {
          pipeline.discard();
          next.discard();
          try {
            List<LostRecords.Gap> gaps = gaps(consumer, lease, e);
            LOG.error("generation={} stops: the log no longer holds records it needs, they were deleted: {}", generationId, gaps);
            return new Outcome.RecordsLost(gaps);
          } catch (SQLException unreadable) {
            lease = release(lease);
            giveUpIfFailingTooLong(unreadable);
            LOG.warn("generation={} cannot read its stored position to name the records lost, retrying in {} ms: {}", generationId, backoff.toMillis(), unreadable.getMessage());
            backoff = pause(backoff);
          }
        } catch (SQLException e) {
          pipeline.discard();
          next.discard();
          lease = release(lease);
          if (ReadModelWriter.refusesData(e)) {
            LOG.warn("generation={} PostgreSQL refused a record ({} {}); storing the batch again record by record to set it aside",
                generationId, e.getSQLState(), e.getMessage().lines().findFirst().orElse(""));
            next.separately = true;
          } else {
            giveUpIfFailingTooLong(e);
            LOG.warn("generation={} write failed, retrying from the stored position in {} ms: {}", generationId, backoff.toMillis(), e.getMessage());
            backoff = pause(backoff);
          }
        } catch (RuntimeException e) {
          pipeline.discard();
          next.discard();
          lease = release(lease);
          giveUpIfFailingTooLong(e);
          LOG.warn("generation={} step failed, retrying from the stored position in {} ms: {}", generationId, backoff.toMillis(), e.toString());
          backoff = pause(backoff);
        }
      }
      return new Outcome.Stopped();
    } finally {
      release(lease);
    }
  }

  /** Records per poll: a batch is written from several polls (see {@link Pipeline}). */
  private int pollSize() {
    return Math.min(settings.maxBatch(), Pipeline.POLL);
  }

  /**
   * The polls decoded for the batch to be written next: whole, or record by record after
   * PostgreSQL refused a record of the batch before.
   */
  private final class NextBatch {
    private final List<Batch> whole = new ArrayList<>();
    private final List<Separable> each = new ArrayList<>();
    private int records;
    boolean separately;

    void add(ConsumerRecords<byte[], byte[]> polled, Map<LogPartition, Long> positions) {
      if (separately) {
        each.add(decoder.decodeEach(polled, positions));
      } else {
        whole.add(decoder.decode(polled, positions));
      }
      records += polled.count();
    }

    int records() {
      return records;
    }

    boolean isEmpty() {
      return whole.isEmpty() && each.isEmpty();
    }

    /** Queues the write of the polls decoded so far; returns what the batch before it cost, once it is written. */
    Written write(Pipeline pipeline, Connection connection) throws SQLException {
      long number = ++batchNumber;
      Batch batch = whole.isEmpty() ? null : Batch.join(whole);
      Separable separable = each.isEmpty() ? null : Separable.join(each);
      discard();
      separately = false;
      return separable != null
          ? pipeline.submit(() -> writeSeparately(connection, separable, number))
          : pipeline.submit(() -> writeWhole(connection, batch, number));
    }

    /** Forgets the polls decoded so far: the loop starts again from the stored position. */
    void discard() {
      whole.clear();
      each.clear();
      records = 0;
    }
  }

  /** On the writer thread: one batch, one transaction. */
  private Written writeWhole(Connection connection, Batch batch, long number) throws SQLException {
    long writing = System.nanoTime();
    writer.apply(connection, batch, () -> observer.beforeCommit(number));
    observer.afterCommit(number);
    return new Written(batch.size(), System.nanoTime() - writing);
  }

  /** On the writer thread: the batch after a refusal, record by record, the refused ones set aside before the commit. */
  private Written writeSeparately(Connection connection, Separable separable, long number) throws SQLException {
    long writing = System.nanoTime();
    writer.applySeparating(connection, separable.items(), separable.position(), this::setAside, () -> observer.beforeCommit(number));
    observer.afterCommit(number);
    return new Written(separable.items().size() + separable.setAside(), System.nanoTime() - writing);
  }

  private void setAside(List<Refused<ConsumerRecord<byte[], byte[]>>> refused) {
    for (Refused<ConsumerRecord<byte[], byte[]>> record : refused) {
      ConsumerRecord<byte[], byte[]> source = record.source();
      LOG.error("refused record set aside generation={} topic={} partition={} offset={} reason={}",
          generationId, source.topic(), source.partition(), source.offset(), record.reason());
      deadLetters.send(source, record.reason());
    }
    deadLetters.flush();
  }

  /** The consumer's position in every partition it reads: past the records polled and any transaction markers after them. */
  private static Map<LogPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer) {
    Map<LogPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      positions.put(new LogPartition(tp.topic(), tp.partition()), consumer.position(tp));
    }
    return positions;
  }

  private boolean reachedStop(KafkaConsumer<byte[], byte[]> consumer) {
    boolean reached = true;
    for (TopicPartition tp : consumer.assignment()) {
      long target = stopAt.orElseThrow().getOrDefault(new LogPartition(tp.topic(), tp.partition()), 0L);
      if (consumer.position(tp) >= target) {
        consumer.pause(List.of(tp));
      } else {
        reached = false;
      }
    }
    return reached;
  }

  /** Done at lag 0; with results still arriving, zero may never be seen, so two looks in a row under one poll count too. */
  private final class CatchUp {
    private boolean nearly;

    boolean reached(long lag) {
      boolean reached = lag == 0 || (nearly && lag < pollSize());
      nearly = lag < pollSize();
      return reached;
    }
  }

  /** The generation's lease, or null after a pause when another projector holds it. */
  private Lease acquireLease() throws SQLException {
    Optional<Lease> acquired = Lease.tryAcquire(dataSource, generationId);
    if (acquired.isPresent()) {
      waitingLogged = false;
      return acquired.get();
    }
    if (!waitingLogged) {
      LOG.info("waiting: another projector holds the lease of generation={}", generationId);
      waitingLogged = true;
    }
    pause(Duration.ofSeconds(2));
    return null;
  }

  /**
   * Records in the log not yet polled. Fetch responses carry each partition's end (the last
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

  /**
   * Ends the run with {@code cause} once the steps have failed in a row for longer than the
   * settings allow: the operator command that asked for it says why, rather than retrying for
   * ever against a database or broker that is gone.
   */
  private void giveUpIfFailingTooLong(Exception cause) {
    long now = System.nanoTime();
    if (failingSince.isEmpty()) {
      failingSince = OptionalLong.of(now);
    } else if (settings.giveUpAfter().isPresent() && now - failingSince.getAsLong() >= settings.giveUpAfter().get().toNanos()) {
      LOG.error("generation={} gives up: its steps have failed for {} s in a row: {}", generationId, settings.giveUpAfter().get().toSeconds(), cause.toString());
      throw new IllegalStateException("gave up after " + settings.giveUpAfter().get().toSeconds() + " s of failing to read the log or write PostgreSQL (is one of them down?): "
          + String.valueOf(cause.getMessage()).lines().findFirst().orElse(cause.toString()), cause);
    }
  }

  private boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  private Duration pause(Duration backoff) {
    try {
      stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested.countDown();
    }
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : next;
  }

  private static Lease release(Lease lease) {
    if (lease != null) {
      lease.close();
    }
    return null;
  }

  /** Seeks every partition to the generation's stored position (the first offset where none is stored); returns the positions. */
  private Map<LogPartition, Long> seekToStoredPosition(KafkaConsumer<byte[], byte[]> consumer, Lease lease) throws SQLException {
    Map<LogPartition, Long> stored = writer.storedOffsets(lease.connection());
    decoder.startFrom(writer.storedSpoolSequences(lease.connection()));
    Set<TopicPartition> partitions = partitionsInLog(consumer);
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
    return positions(consumer);
  }

  private void readAddedPartitions(KafkaConsumer<byte[], byte[]> consumer) {
    Set<TopicPartition> present = partitionsInLog(consumer);
    Set<LogPartition> added = PartitionWatch.added(
        consumer.assignment().stream().map(tp -> new LogPartition(tp.topic(), tp.partition())).collect(Collectors.toSet()),
        present.stream().map(tp -> new LogPartition(tp.topic(), tp.partition())).collect(Collectors.toSet()));
    if (added.isEmpty()) {
      return;
    }
    // Partitions already read keep their position through assign(); the new ones hold nothing
    // this generation has seen.
    consumer.assign(present);
    consumer.seekToBeginning(added.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
    LOG.info("projector reads added partitions generation={} partitions={}", generationId, added);
  }

  private Set<TopicPartition> partitionsInLog(KafkaConsumer<byte[], byte[]> consumer) {
    Set<TopicPartition> partitions = new java.util.HashSet<>();
    for (Topic<String, ?> topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name());
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic.name() + " does not exist yet");
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    return partitions;
  }

  /**
   * The exception names the partitions of one fetch only; the gaps are wherever the log now
   * starts after the position the generation stored.
   */
  private List<LostRecords.Gap> gaps(KafkaConsumer<byte[], byte[]> consumer, Lease lease, OffsetOutOfRangeException e) throws SQLException {
    Map<LogPartition, Long> stored = new HashMap<>(logPartitions(e.offsetOutOfRangePartitions()));
    stored.putAll(writer.storedOffsets(lease.connection()));
    return LostRecords.between(stored, logPartitions(consumer.beginningOffsets(consumer.assignment())));
  }

  private static Map<LogPartition, Long> logPartitions(Map<TopicPartition, Long> offsets) {
    Map<LogPartition, Long> converted = new HashMap<>();
    offsets.forEach((tp, offset) -> converted.put(new LogPartition(tp.topic(), tp.partition()), offset));
    return converted;
  }

  /** Stops the loop and waits for it to finish its current batch. */
  public void stop() throws InterruptedException {
    stopRequested.countDown();
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
      finished.await();
    }
  }
}

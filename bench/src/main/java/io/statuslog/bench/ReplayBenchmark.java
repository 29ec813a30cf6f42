package io.statuslog.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.LoggerFactory;

/**
 * Rebuild throughput against the raw Kafka consumer, in one run on the same topic: writes N
 * check results (500 checks probed from 4 regions every 30 s), measures a bare consumer
 * reading every record without decoding, then a full `rebuild` (decode, fold, write the
 * generation, offsets in the same transaction), sampling the heap retained after GC to show memory
 * does not grow with the number of events, then the bare consumer again. All of it runs once
 * first into a database of its own, so the figures are of compiled code.
 *
 * <p>The bare consumer is measured before and after the rebuild, and the rebuild compared with
 * each: on a machine shared with other work, a load that comes or goes between the two phases
 * moved a single comparison from 44% to 102% within minutes. Two baselines that disagree say so.
 * The JIT compilation time inside the measured rebuild is printed too, and the rebuild is split
 * at its own log lines into setting up the generation (topics, control schema, the new schema's
 * migrations: about a second, whatever the log's length) and replaying: in a 5-second window the
 * fixed part weighs a fifth, in a rebuild of a real log nothing.
 *
 * <p>Arguments: [results, default 10000000] [work dir, default a temp dir]
 */
public final class ReplayBenchmark {
  private static final int CHECKS = 500;
  /** What `statuslog rebuild` uses unless projector.replayBatch says otherwise. */
  private static final int REPLAY_BATCH = new ProjectorConfiguration.Projector(null, null).replayBatch();
  private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south", "sa-east");
  /**
   * Whole runs before the measured one. After one, C2 still spent about 2 s of the measured
   * rebuild's 5 compiling (the writer's statements run once per batch, a hundred times a run),
   * a fifth of two cores taken from the replay it measures.
   */
  private static final int WARM_UPS = 2;

  public static void main(String[] args) throws Exception {
    long results = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("statuslog-bench-");
    try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0)) {
      KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), "bench", 6, (short) 1, Map.of());
      TopicAdmin.ensureTopics(kafka);
      DataSource dataSource = Databases.unpooled(postgres.jdbcUrl(), postgres.user(), postgres.password());

      long produceStart = System.nanoTime();
      produce(kafka, results);
      double produceSeconds = seconds(produceStart);
      System.out.printf("wrote %,d results in %.1f s (%,.0f/s)%n", results, produceSeconds, results / produceSeconds);

      // The whole measurement runs once first, into a database of its own, so that neither
      // figure includes JIT compilation: a rebuild of a real log runs for hours, in compiled
      // code. A warm-up on a smaller topic left code that runs once per batch (the writer's
      // statements) to be compiled during the measured rebuild, and the bare consumer measured
      // after the rebuild 10-20% faster than before it.
      for (int pass = 1; pass <= WARM_UPS; pass++) {
        Rates warmup = measure(kafka, createDatabase(postgres, dataSource, "warmup" + pass));
        System.out.printf("warm-up %d (not the figure): raw %,.0f records/s, replay %,.0f events/s, JIT compilation during its replay %,d ms%n",
            pass, warmup.rawBefore(), warmup.replay(), warmup.replayCompileMillis());
      }
      String loadBefore = loadAverage();
      Rates measured = measure(kafka, dataSource);
      String loadAfter = loadAverage();

      System.out.println();
      System.out.printf("raw consumer before:     %,d records in %6.1f s = %,10.0f records/s%n", results, results / measured.rawBefore(), measured.rawBefore());
      System.out.printf("rebuild replay:          %,d records in %6.1f s = %,10.0f events/s  (%.0f%% / %.0f%% of raw before / after; goal >= 50%%)%n",
          results, results / measured.replay(), measured.replay(), 100 * measured.replay() / measured.rawBefore(), 100 * measured.replay() / measured.rawAfter());
      System.out.printf("raw consumer after:      %,d records in %6.1f s = %,10.0f records/s%s%n", results, results / measured.rawAfter(), measured.rawAfter(),
          Math.abs(measured.rawAfter() - measured.rawBefore()) > 0.2 * Math.min(measured.rawBefore(), measured.rawAfter())
              ? "  (the baselines differ by more than 20%: the machine's load changed during the run)" : "");
      System.out.printf("  of which setting up the generation %.1f s, replaying %.1f s = %,.0f events/s (%.0f%% / %.0f%% of raw before / after)%n",
          results / measured.replay() - measured.replayOnlySeconds(), measured.replayOnlySeconds(), results / measured.replayOnlySeconds(),
          100 * results / measured.replayOnlySeconds() / measured.rawBefore(), 100 * results / measured.replayOnlySeconds() / measured.rawAfter());
      System.out.printf("JIT compilation during the measured replay: %,d ms; load average (1 min) %s before, %s after%n",
          measured.replayCompileMillis(), loadBefore, loadAfter);
      System.out.printf("replay batch: %,d records (projector.replayBatch default for this heap)%n", REPLAY_BATCH);
      System.out.printf("heap retained after GC during rebuild, per second (MiB): %s; max heap %d MiB%n",
          measured.heapWindows(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
      System.out.printf("peak resident set size of this JVM: %d MiB%n", peakRssMib());
    } finally {
      if (args.length <= 1) {
        try (Stream<Path> paths = Files.walk(work)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }

  /**
   * Records/s of the raw consumer before and after the rebuild, events/s of the rebuild, the
   * heap it retained per second, the JIT compilation time spent while it ran, and how long its
   * replay took, setup left out.
   */
  private record Rates(double rawBefore, double replay, double rawAfter, String heapWindows, long replayCompileMillis, double replayOnlySeconds) {}

  /** The raw consumer, a full rebuild, and the raw consumer again, on the same topics. */
  private static Rates measure(KafkaSettings kafka, DataSource dataSource) throws Exception {
    long rawStart = System.nanoTime();
    long consumed = rawConsume(kafka);
    double rawSeconds = seconds(rawStart);

    Generations generations = new Generations(kafka, dataSource);
    generations.ensureLive();
    HeapSampler heap = new HeapSampler();
    RebuildMarks marks = RebuildMarks.attach();
    long compileBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long replayStart = System.nanoTime();
    generations.rebuild(REPLAY_BATCH);
    double replaySeconds = seconds(replayStart);
    long compileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileBefore;
    heap.stop();
    double replayOnlySeconds = marks.detach();

    long rawAfterStart = System.nanoTime();
    long consumedAfter = rawConsume(kafka);
    double rawAfterSeconds = seconds(rawAfterStart);
    return new Rates(consumed / rawSeconds, consumed / replaySeconds, consumedAfter / rawAfterSeconds, heap.windows(), compileMillis, replayOnlySeconds);
  }

  private static DataSource createDatabase(EmbeddedPostgresServer postgres, DataSource server, String name) throws Exception {
    try (var connection = server.getConnection(); var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return Databases.unpooled(postgres.jdbcUrl(name), postgres.user(), postgres.password());
  }

  private static void produce(KafkaSettings kafka, long count) {
    var topic = kafka.topics().checkResults();
    var props = kafka.producerProperties("bench-producer");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    Instant start = Instant.now().minus(Duration.ofDays(30));
    long perRound = (long) CHECKS * REGIONS.size();
    // One checker per region, each numbering its results in its spool, as real checkers do: the
    // replay pays for duplicate detection on every result.
    long[] sequences = new long[REGIONS.size()];
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer())) {
      for (long i = 0; i < count; i++) {
        long round = i / perRound;
        int check = (int) (i % CHECKS);
        int regionIndex = (int) ((i / CHECKS) % REGIONS.size());
        String region = REGIONS.get(regionIndex);
        long duration = 20 + (i * 7919) % 900;
        CheckResult result = CheckResult.newBuilder()
            .setResultId(Long.toString(i))
            .setCheckId("check-" + check)
            .setRegion(region)
            .setStartedAt(start.plusSeconds(30 * round))
            .setDurationMs(duration)
            .setOutcome(i % 97 == 0 ? Outcome.DOWN : duration > 800 ? Outcome.DEGRADED : Outcome.UP)
            .setHttpStatus(200)
            .setSpoolId(String.format("%016x", regionIndex + 1))
            .setSequence(++sequences[regionIndex])
            .build();
        producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), result));
      }
    }
  }

  /** The baseline: a bare consumer reading every record of every projected topic, no decoding. */
  private static long rawConsume(KafkaSettings kafka) {
    var props = kafka.clientProperties("bench-raw");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50_000);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    long count = 0;
    try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = kafka.topics().projected().stream()
          .flatMap(topic -> consumer.partitionsFor(topic.name()).stream())
          .map(info -> new TopicPartition(info.topic(), info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      while (count < total) {
        count += consumer.poll(Duration.ofMillis(500)).count();
      }
    }
    return count;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String loadAverage() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static long peakRssMib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
      }
    }
    return -1;
  }

  /**
   * When the rebuild's replay started and ended, from its own log lines ("rebuild started" is
   * logged once the generation is migrated, "rebuild caught up" at the end), with their
   * timestamps.
   */
  private static final class RebuildMarks extends AppenderBase<ILoggingEvent> {
    private final Logger logger = (Logger) LoggerFactory.getLogger(Generations.class);
    private volatile long started;
    private volatile long caughtUp;

    static RebuildMarks attach() {
      RebuildMarks marks = new RebuildMarks();
      marks.setContext(marks.logger.getLoggerContext());
      marks.start();
      marks.logger.addAppender(marks);
      return marks;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getMessage().startsWith("rebuild started")) {
        started = event.getTimeStamp();
      } else if (event.getMessage().startsWith("rebuild caught up")) {
        caughtUp = event.getTimeStamp();
      }
    }

    /** Seconds from the start of the replay to its end. */
    double detach() {
      logger.detachAppender(this);
      stop();
      if (started == 0 || caughtUp == 0) {
        throw new IllegalStateException("the rebuild did not log its start and end; the benchmark reads them");
      }
      return (caughtUp - started) / 1000.0;
    }
  }

  /**
   * Heap still in use after each garbage collection, per one-second window: what the rebuild
   * retains. Flat means bounded; the peak before a collection only says how large the heap
   * was allowed to grow.
   */
  private static final class HeapSampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final StringBuilder windows = new StringBuilder();
    private final AtomicLong peak = new AtomicLong();

    HeapSampler() {
      List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
      timer.scheduleAtFixedRate(() -> {
        long retained = heapPools.stream().map(MemoryPoolMXBean::getCollectionUsage).filter(java.util.Objects::nonNull)
            .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
        peak.accumulateAndGet(retained, Math::max);
      }, 0, 20, TimeUnit.MILLISECONDS);
      timer.scheduleAtFixedRate(this::closeWindow, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void closeWindow() {
      windows.append(windows.isEmpty() ? "" : " ").append(peak.getAndSet(0) / (1024 * 1024));
    }

    void stop() {
      timer.shutdownNow();
      closeWindow();
    }

    synchronized String windows() {
      return windows.toString();
    }
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.projector.db.Databases;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise, counted: probes the target answered = results in the log = results counted by
 * the live generation, per check, after the faults that broke it before. The checker and the
 * projector run as `statuslog` processes of their own so they can be SIGKILLed; the broker is
 * this test's own so it can be stopped. Faults, in turn: a Kafka outage; the checker, its spool
 * drained, restarted while Kafka is down (the drill that lost a third of the results); the
 * checker SIGKILLed; the projector SIGKILLed. A probe in flight when the checker is killed may be
 * missing, one per check at most: the test prints how many are.
 */
@ExtendWith(RealServicesExtension.class)
class NothingLostIT {
  private static final List<String> CHECKS = List.of("api", "web", "db");

  @TempDir Path dir;

  private final Map<String, AtomicLong> answered = new ConcurrentHashMap<>();

  @Test
  void everyProbeTheTargetAnsweredIsCountedOnceAfterEveryFault(RealServices services) throws Exception {
    HttpServer target = countingTarget();
    int brokerPort = freePort();
    EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "lost");
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    Path config = config(kafka, database, target.getAddress().getPort());
    Process checker = null;
    Process projector = null;
    int checkerKills = 0;
    try {
      // Given the platform probing three checks every second
      checker = statuslog("checker", config);
      projector = statuslog("projector", config);
      await().atMost(Duration.ofMinutes(2)).until(() -> countsInLiveGeneration(dataSource).keySet().containsAll(CHECKS));

      // When Kafka goes away for a while and comes back
      broker.close();
      awaitProbes(8); // the checker probes on into its spool meanwhile
      broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);

      // When the checker stops with its spool drained and starts again while Kafka is down
      await().atMost(Duration.ofMinutes(2)).until(() -> countsInLog(kafka).values().stream().mapToLong(Long::longValue).sum() >= totalAnswered() - CHECKS.size());
      stop(checker);
      assertThat(spoolFiles()).as("the spool drained before the restart").isEmpty();
      broker.close();
      checker = statuslog("checker", config);
      awaitProbes(8);
      broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);

      // When the checker is SIGKILLed, and started again
      awaitProbes(5);
      checker.destroyForcibly().waitFor();
      checkerKills++;
      checker = statuslog("checker", config);

      // When the projector is SIGKILLed while results arrive, and started again
      awaitProbes(5);
      projector.destroyForcibly().waitFor();
      projector = statuslog("projector", config);
      awaitProbes(5);

      // Then, the checker stopped cleanly and everything delivered and projected
      stop(checker);
      checker = null;
      KafkaSettings reachable = kafka;
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> countsInLiveGeneration(dataSource).equals(countsInLog(reachable)));
      Map<String, Long> probes = new TreeMap<>();
      answered.forEach((check, count) -> probes.put(check, count.get()));
      Map<String, Long> inLog = countsInLog(kafka);
      Map<String, Long> inGeneration = countsInLiveGeneration(dataSource);
      long missing = probes.values().stream().mapToLong(Long::longValue).sum() - inLog.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("NothingLostIT: probes answered %s, results in the log %s, counted by the live generation %s; "
          + "missing %d (probes in flight at %d checker SIGKILL(s), at most %d)%n", probes, inLog, inGeneration, missing, checkerKills, checkerKills * CHECKS.size());

      assertThat(duplicateResultIds(kafka)).as("no result twice in the log").isZero();
      assertThat(inGeneration).as("the live generation counts what the log holds").isEqualTo(inLog);
      for (String check : CHECKS) {
        assertThat(probes.get(check) - inLog.get(check)).as("probes of %s answered but not in the log", check).isBetween(0L, (long) checkerKills);
      }
    } finally {
      stopQuietly(checker);
      stopQuietly(projector);
      broker.close();
      target.stop(0);
    }
  }

  private HttpServer countingTarget() throws Exception {
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", exchange -> {
      answered.computeIfAbsent(exchange.getRequestURI().getPath().substring(1), check -> new AtomicLong()).incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    target.start();
    return target;
  }

  /** Waits until each check was probed {@code times} more times: time passing, measured in probes. */
  private void awaitProbes(int times) {
    long until = totalAnswered() + (long) times * CHECKS.size();
    await().atMost(Duration.ofMinutes(1)).until(() -> totalAnswered() >= until);
  }

  private long totalAnswered() {
    return answered.values().stream().mapToLong(AtomicLong::get).sum();
  }

  private Path config(KafkaSettings kafka, TestDatabase database, int targetPort) throws Exception {
    StringBuilder checks = new StringBuilder("checks:\n");
    for (String check : CHECKS) {
      checks.append("  - {id: %s, url: \"http://127.0.0.1:%d/%s\", interval: 1s, timeout: 900ms}\n".formatted(check, targetPort, check));
    }
    Path checksFile = Files.writeString(dir.resolve("checks.yml"), checks);
    return Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
        checker:
          checksFile: %s
          spoolDir: %s
        projector:
          maxBatch: 50
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), checksFile, dir.resolve("spool")));
  }

  private static Process statuslog(String role, Path config) throws Exception {
    return ChildJvm.start(Statuslog.class, "nothing-lost-" + role + ".log", role, "-c", config.toString());
  }

  /** SIGTERM, as a service manager stops a role: the checker finishes its probes and spools them. */
  private static void stop(Process process) throws Exception {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new AssertionError("process did not stop within 60 s of SIGTERM");
    }
  }

  private static void stopQuietly(Process process) {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private List<Path> spoolFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
      return files.filter(file -> file.toString().endsWith(".spool")).toList();
    }
  }

  /** Per check, the results the log holds, each result id once. */
  private static Map<String, Long> countsInLog(KafkaSettings kafka) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    readLog(kafka, record -> {
      if (seen.add(record.value().getResultId())) {
        counts.merge(record.value().getCheckId(), 1L, Long::sum);
      }
    });
    return counts;
  }

  private static long duplicateResultIds(KafkaSettings kafka) {
    Set<String> seen = new HashSet<>();
    long[] duplicates = {0};
    readLog(kafka, record -> {
      if (!seen.add(record.value().getResultId())) {
        duplicates[0]++;
      }
    });
    return duplicates[0];
  }

  private static void readLog(KafkaSettings kafka, java.util.function.Consumer<ConsumerRecord<String, CheckResult>> each) {
    Topic<String, CheckResult> topic = kafka.topics().checkResults();
    var props = kafka.clientProperties("nothing-lost-reader");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(500)).forEach(each);
      }
    }
  }

  /** Per check, the results the live generation's day rollups count. */
  private static Map<String, Long> countsInLiveGeneration(DataSource dataSource) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      String schema;
      try (ResultSet live = statement.executeQuery("SELECT schema_name FROM statuslog_control.generations WHERE state = 'live'")) {
        if (!live.next()) {
          return counts;
        }
        schema = live.getString(1);
      }
      try (ResultSet rows = statement.executeQuery(
          "SELECT check_id, sum(up_count + down_count + degraded_count) FROM " + schema + ".rollup_day GROUP BY check_id")) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
    } catch (java.sql.SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return counts; // not created yet
      }
      throw e;
    }
    return counts;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

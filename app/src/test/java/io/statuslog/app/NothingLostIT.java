package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.projector.db.Databases;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.CountingTarget;
import io.statuslog.testkit.ResultLog;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.ServicesYaml;
import io.statuslog.testkit.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
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

  @Test
  void everyProbeTheTargetAnsweredIsCountedOnceAfterEveryFault(RealServices services) throws Exception {
    CountingTarget target = CountingTarget.start();
    int brokerPort = freePort();
    EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "lost");
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    Path config = config(kafka, database, target);
    Process checker = null;
    Process projector = null;
    int checkerKills = 0;
    try {
      // Given the platform probing three checks every second
      Cli.Run applied = Cli.run("checks", "apply", dir.resolve("checks.yml").toString(), "-c", config.toString());
      assertThat(applied.exit()).as(applied.err()).isZero();
      checker = statuslog("checker", config);
      projector = statuslog("projector", config);
      await().atMost(Duration.ofMinutes(2)).until(() -> LiveGeneration.counts(dataSource).keySet().containsAll(CHECKS));

      // When Kafka goes away for a while and comes back
      broker.close();
      awaitProbes(target, 8); // the checker probes on into its spool meanwhile
      broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);

      // When the checker stops with its spool drained and starts again while Kafka is down
      await().atMost(Duration.ofMinutes(2)).until(() -> countsInLog(kafka).values().stream().mapToLong(Long::longValue).sum() >= target.total() - CHECKS.size());
      stop(checker);
      assertThat(spoolFiles()).as("the spool drained before the restart").isEmpty();
      broker.close();
      checker = statuslog("checker", config);
      awaitProbes(target, 8);
      broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);

      // When the checker is SIGKILLed, and started again
      awaitProbes(target, 5);
      checker.destroyForcibly().waitFor();
      checkerKills++;
      checker = statuslog("checker", config);

      // When the projector is SIGKILLed while results arrive, and started again
      awaitProbes(target, 5);
      projector.destroyForcibly().waitFor();
      projector = statuslog("projector", config);
      awaitProbes(target, 5);

      // Then, the checker stopped cleanly and everything delivered and projected
      stop(checker);
      checker = null;
      KafkaSettings reachable = kafka;
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> LiveGeneration.counts(dataSource).equals(countsInLog(reachable)));
      Map<String, Long> probes = target.answered();
      Map<String, Long> inLog = countsInLog(kafka);
      Map<String, Long> inGeneration = LiveGeneration.counts(dataSource);
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
      target.close();
    }
  }

  /** Waits until each check was probed {@code times} more times: time passing, measured in probes. */
  private static void awaitProbes(CountingTarget target, int times) {
    long until = target.total() + (long) times * CHECKS.size();
    await().atMost(Duration.ofMinutes(1)).until(() -> target.total() >= until);
  }

  private Path config(KafkaSettings kafka, TestDatabase database, CountingTarget target) throws Exception {
    StringBuilder checks = new StringBuilder("checks:\n");
    for (String check : CHECKS) {
      checks.append("  - {id: %s, url: \"%s\", interval: 1s, timeout: 900ms}\n".formatted(check, target.url(check)));
    }
    Files.writeString(dir.resolve("checks.yml"), checks);
    return Files.writeString(dir.resolve("statuslog.yml"), ServicesYaml.of(kafka, database) + """
        checker:
          spoolDir: %s
        projector:
          maxBatch: 50
        """.formatted(dir.resolve("spool")));
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
  static Map<String, Long> countsInLog(KafkaSettings kafka) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (CheckResult result : ResultLog.readAll(kafka)) {
      if (seen.add(result.getResultId())) {
        counts.merge(result.getCheckId(), 1L, Long::sum);
      }
    }
    return counts;
  }

  static long duplicateResultIds(KafkaSettings kafka) {
    List<CheckResult> results = ResultLog.readAll(kafka);
    return results.size() - results.stream().map(CheckResult::getResultId).distinct().count();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kills projector processes at the worst moments — inside the transaction after the rows are
 * written, right after commit, and with SIGKILL 20 times at random moments while results keep
 * arriving — then lets a projector finish, and compares every check's counts in the read model
 * with the log. Exactly once means equal, not "close".
 */
@ExtendWith(RealServicesExtension.class)
class ProjectorCrashIT {
  private static final String SCHEMA = "rm_1";
  private static final int MAX_BATCH = 100;

  @Test
  void everyResultIsCountedExactlyOnceAcrossCrashes(RealServices services) throws Exception {
    // Given a log with definitions and results for four checks
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    TestDatabase database = installation.database();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db", "cdn");
    log.writeDefinitions(checks);
    log.writeResults(checks, 4_000, 42);

    // When projector processes die between writing rows and committing, right after
    // committing, and to SIGKILL at random moments while more results arrive
    Random random = new Random(7);
    List<Integer> exitCodes = new ArrayList<>();
    for (String point : List.of("beforeCommit", "afterCommit", "beforeCommit", "afterCommit")) {
      exitCodes.add(runChild(services, kafka, database, point, 1 + random.nextInt(4)).waitFor());
    }
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer = Thread.ofPlatform().start(() -> {
      for (int round = 0; writing.get(); round++) {
        log.writeResults(checks, 50, 100 + round);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    for (int kill = 0; kill < 20; kill++) {
      Process child = runChild(services, kafka, database, "never", 0);
      Thread.sleep(1_000 + random.nextInt(1_500));
      child.destroyForcibly().waitFor();
      exitCodes.add(child.exitValue());
    }
    writing.set(false);
    writer.join();
    long progressBeforeFinish = LogFixture.storedOffsetTotal(dataSource, SCHEMA);

    // and a projector finally runs to the end of the log
    ProjectorConfiguration config =
        new ProjectorConfiguration(kafka, null, new Projector(MAX_BATCH, null));
    try (ProjectorService projector = ProjectorService.start(config, dataSource, io.statuslog.projector.kafka.ProjectorLoop.Observer.NONE)) {
      long end = log.endOffsetTotal();
      await().atMost(Duration.ofMinutes(2)).until(() -> LogFixture.storedOffsetTotal(dataSource, SCHEMA) == end);
    }

    // Then every crash was a real kill, the crashed runs made progress, and the counts are exact
    assertThat(exitCodes).allMatch(code -> code == CrashingProjector.KILLED);
    assertThat(progressBeforeFinish).isPositive();
    var truth = log.countsInLog();
    assertThat(LogFixture.countsInReadModel(dataSource, SCHEMA)).isEqualTo(truth);
    assertThat(LogFixture.countsInReadModel(dataSource, SCHEMA, "rollup_minute")).isEqualTo(truth);
    assertThat(LogFixture.countsInReadModel(dataSource, SCHEMA, "rollup_hour")).isEqualTo(truth);
  }

  private static Process runChild(RealServices services, KafkaSettings kafka, TestDatabase database, String point, long batch)
      throws Exception {
    Process process = ChildJvm.start(CrashingProjector.class, "crash-drills.log",
        services.kafkaBootstrap(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(),
        SCHEMA, String.valueOf(MAX_BATCH), point, String.valueOf(batch));
    if (!point.equals("never")) {
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("projector child crashed at %s", point).isTrue();
    }
    return process;
  }
}


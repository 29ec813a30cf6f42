package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A rebuild SIGKILLed at any moment leaves the live generation untouched; the next rebuild starts over cleanly. */
@ExtendWith(RealServicesExtension.class)
class RebuildKillIT {
  @Test
  void aKilledRebuildLeavesTheLiveGenerationAloneAndARetryCompletes(RealServices services) throws Exception {
    // Given a live generation holding the log
    KafkaSettings kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db");
    log.writeDefinitions(checks);
    log.writeResults(checks, 30_000, 5);
    Generations generations = new Generations(kafka, dataSource);
    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(5_000, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
      var liveBefore = LogFixture.countsInReadModel(dataSource, "rm_1");

      // When a rebuild process is SIGKILLed while it replays into generation 2
      Process rebuild = ChildJvm.start(RebuildProcess.class, "kill-drills.log",
          kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), "100");
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_2") > 2_000);
      rebuild.destroyForcibly().waitFor();

      // Then generation 1 is still live and unchanged, and generation 2 is an abandoned build
      assertThat(rebuild.exitValue()).isEqualTo(137);
      assertThat(LogFixture.storedOffsetTotal(dataSource, "rm_2")).isLessThan(log.endOffsetTotal());
      assertThat(generations.control().live().orElseThrow().id()).isEqualTo(1);
      assertThat(generations.control().find(2).orElseThrow().state()).isEqualTo(State.BUILDING);
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(liveBefore).isEqualTo(log.countsInLog());

      // And rebuilding again cleans it up, rebuilds generation 2 from offset 0, and it cuts over exactly
      var rebuilt = generations.rebuild(5_000);
      assertThat(rebuilt.id()).isEqualTo(2);
      generations.cutover(Optional.empty(), 0);
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_2")).isEqualTo(log.countsInLog());
      assertThat(generations.control().live().orElseThrow().id()).isEqualTo(2);
    }
  }

  @Test
  void rebuildsKilledAtRandomMomentsNeverTouchTheLiveGeneration(RealServices services) throws Exception {
    // Given a live generation holding the log
    KafkaSettings kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db");
    log.writeDefinitions(checks);
    log.writeResults(checks, 30_000, 6);
    Generations generations = new Generations(kafka, dataSource);
    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(5_000, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
      var liveBefore = LogFixture.countsInReadModel(dataSource, "rm_1");

      // When rebuild processes are SIGKILLed at random moments: starting up, migrating,
      // replaying (batches of 10, so the replay outlasts the longest wait)
      long seed = System.nanoTime();
      Random random = new Random(seed);
      for (int kill = 1; kill <= 5; kill++) {
        Process rebuild = ChildJvm.start(RebuildProcess.class, "kill-drills.log",
            kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), "10");
        long waitMs = random.nextInt(2_500);
        Thread.sleep(waitMs);
        rebuild.destroyForcibly().waitFor();

        // Then after each kill generation 1 is live and unchanged, and generation 2 never made it
        String context = "kill " + kill + " after " + waitMs + " ms (seed " + seed + ")";
        assertThat(rebuild.exitValue()).as(context).isEqualTo(137);
        assertThat(generations.control().live().orElseThrow().id()).as(context).isEqualTo(1);
        // (killed before it registered generation 2, there is none yet: as good as building)
        assertThat(generations.control().find(2).map(Generation::state).orElse(State.BUILDING)).as(context)
            .isIn(State.BUILDING, State.FAILED);
        assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).as(context).isEqualTo(liveBefore).isEqualTo(log.countsInLog());
      }

      // And one more rebuild completes generation 2 from offset 0, and it cuts over exactly
      var rebuilt = generations.rebuild(5_000);
      assertThat(rebuilt.id()).isEqualTo(2);
      generations.cutover(Optional.empty(), 0);
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_2")).isEqualTo(log.countsInLog());
    }
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    try (LiveGeneration live = LiveGeneration.start(services, 5)) {
      // When a rebuild process is SIGKILLed while it replays into generation 2
      Process rebuild = live.startRebuild(100);
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
          .until(() -> LogFixture.storedOffsetTotal(live.dataSource(), "rm_2") > 2_000);
      rebuild.destroyForcibly().waitFor();

      // Then generation 1 is still live and unchanged, and generation 2 is an abandoned build
      assertThat(rebuild.exitValue()).isEqualTo(137);
      assertThat(LogFixture.storedOffsetTotal(live.dataSource(), "rm_2")).isLessThan(live.log().endOffsetTotal());
      assertThat(live.generations().control().live().orElseThrow().id()).isEqualTo(1);
      assertThat(live.generations().control().find(2).orElseThrow().state()).isEqualTo(State.BUILDING);
      live.assertUntouched("");

      // And rebuilding again cleans it up, rebuilds generation 2 from offset 0, and it cuts over exactly
      live.rebuildAndCutOverToGenerationTwo();
    }
  }

  @Test
  void rebuildsKilledAtRandomMomentsNeverTouchTheLiveGeneration(RealServices services) throws Exception {
    // Given a live generation holding the log
    try (LiveGeneration live = LiveGeneration.start(services, 6)) {
      // When rebuild processes are SIGKILLed at random moments: starting up, migrating,
      // replaying (batches of 10, so the replay outlasts the longest wait)
      long seed = System.nanoTime();
      Random random = new Random(seed);
      for (int kill = 1; kill <= 5; kill++) {
        Process rebuild = live.startRebuild(10);
        long waitMs = random.nextInt(2_500);
        Thread.sleep(waitMs);
        rebuild.destroyForcibly().waitFor();

        // Then after each kill generation 1 is live and unchanged, and generation 2 never made it
        String context = "kill " + kill + " after " + waitMs + " ms (seed " + seed + ")";
        assertThat(rebuild.exitValue()).as(context).isEqualTo(137);
        assertThat(live.generations().control().live().orElseThrow().id()).as(context).isEqualTo(1);
        // (killed before it registered generation 2, there is none yet: as good as building)
        assertThat(live.generations().control().find(2).map(Generation::state).orElse(State.BUILDING)).as(context)
            .isIn(State.BUILDING, State.FAILED);
        live.assertUntouched(context);
      }

      // And one more rebuild completes generation 2 from offset 0, and it cuts over exactly
      live.rebuildAndCutOverToGenerationTwo();
    }
  }

  /** A log of three checks, projected into live generation 1 by a running projector. */
  private record LiveGeneration(
      Installation installation, LogFixture log, Generations generations, ProjectorService projector, Map<String, LogFixture.Counts> countsBefore)
      implements AutoCloseable {

    static LiveGeneration start(RealServices services, long seed) throws Exception {
      Installation installation = Installation.fresh(services);
      KafkaSettings kafka = installation.kafka();
      DataSource dataSource = installation.dataSource();
      LogFixture log = new LogFixture(kafka);
      List<String> checks = List.of("api", "web", "db");
      log.writeDefinitions(checks);
      log.writeResults(checks, 30_000, seed);
      ProjectorService projector =
          ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(5_000, null)), dataSource, ProjectorLoop.Observer.NONE);
      await().atMost(Duration.ofMinutes(2)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
      return new LiveGeneration(installation, log, new Generations(kafka, dataSource), projector,
          LogFixture.countsInReadModel(dataSource, "rm_1"));
    }

    DataSource dataSource() {
      return installation.dataSource();
    }

    Process startRebuild(int replayBatch) throws Exception {
      KafkaSettings kafka = installation.kafka();
      TestDatabase database = installation.database();
      return ChildJvm.start(RebuildProcess.class, "kill-drills.log",
          kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), Integer.toString(replayBatch));
    }

    void assertUntouched(String context) throws Exception {
      assertThat(LogFixture.countsInReadModel(dataSource(), "rm_1")).as(context).isEqualTo(countsBefore).isEqualTo(log.countsInLog());
    }

    void rebuildAndCutOverToGenerationTwo() throws Exception {
      Generation rebuilt = generations.rebuild(5_000);
      assertThat(rebuilt.id()).isEqualTo(2);
      generations.cutover(Optional.empty(), 0);
      assertThat(LogFixture.countsInReadModel(dataSource(), "rm_2")).isEqualTo(log.countsInLog());
      assertThat(generations.control().live().orElseThrow().id()).isEqualTo(2);
    }

    @Override
    public void close() throws Exception {
      projector.close();
    }
  }
}

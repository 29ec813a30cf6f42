package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A projector thread killed by an error no handler expects is started again; one that keeps dying fails the process. */
@ExtendWith(RealServicesExtension.class)
class ThreadDeathIT {
  /** What no handler in the loop catches, like an OutOfMemoryError or a linkage error. */
  private static final class Unexpected extends Error {
    Unexpected() {
      super("thrown by the test");
    }
  }

  @Test
  void aThreadThatDiesOnceIsStartedAgainAndCountsEveryResultOnce(RealServices services) throws Exception {
    Installation installation = Installation.fresh(services);
    LogFixture log = new LogFixture(installation.kafka());
    List<String> checks = List.of("api", "web");
    log.writeDefinitions(checks);
    List<CheckResult> results = LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 500);
    log.write(results);
    AtomicInteger deaths = new AtomicInteger();
    ProjectorLoop.Observer diesOnce = new ProjectorLoop.Observer() {
      @Override
      public void beforeCommit(long batchNumber) {
        if (batchNumber == 2 && deaths.compareAndSet(0, 1)) {
          throw new Unexpected();
        }
      }
    };

    try (ProjectorService projector = ProjectorService.start(
        new ProjectorConfiguration(installation.kafka(), null, new Projector(50, null)), installation.dataSource(), diesOnce)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(installation.dataSource(), "rm_1") == log.endOffsetTotal());

      assertThat(deaths).hasValue(1);
      assertThat(LogFixture.countsInReadModel(installation.dataSource(), "rm_1")).isEqualTo(LogFixture.countsOnce(results));
      assertThat(projector.fatal()).isNotDone();
    }
  }

  @Test
  void aThreadThatKeepsDyingFailsTheProcess(RealServices services) throws Exception {
    Installation installation = Installation.fresh(services);
    LogFixture log = new LogFixture(installation.kafka());
    log.writeDefinitions(List.of("api"));
    ProjectorLoop.Observer alwaysDies = new ProjectorLoop.Observer() {
      @Override
      public void beforeCommit(long batchNumber) {
        throw new Unexpected();
      }
    };

    try (ProjectorService projector = ProjectorService.start(
        new ProjectorConfiguration(installation.kafka(), null, new Projector(50, null)), installation.dataSource(), alwaysDies)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> projector.fatal().isCompletedExceptionally());
    }
  }
}

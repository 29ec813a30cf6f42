package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.generations.Verifier;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A result delivered twice is one result: copies produced straight to the topic, right after
 * their originals and again after a projector restart, count once in the live generation, in a
 * generation rebuilt from the log, and in verify's replay.
 */
@ExtendWith(RealServicesExtension.class)
class DuplicateResultsIT {
  @Test
  void aResultDeliveredTwiceCountsOnceInEveryGeneration(RealServices services) throws Exception {
    // Given results from two spools, each written twice (a retried batch)
    Installation installation = Installation.fresh(services);
    LogFixture log = new LogFixture(installation.kafka());
    List<String> checks = List.of("api", "web", "db");
    log.writeDefinitions(checks);
    List<CheckResult> all = new ArrayList<>();
    List<CheckResult> first = new ArrayList<>(LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 300));
    first.addAll(LogFixture.numbered("bbbbbbbbbbbbbbbb", checks, 1, 200));
    log.write(first);
    log.write(first.subList(100, 400));
    all.addAll(first);
    all.addAll(first.subList(100, 400));
    ProjectorConfiguration config = new ProjectorConfiguration(installation.kafka(), null, new Projector(50, null));

    // When the projector counts them, stops, and meets more copies (a spool delivered again) and new results
    try (ProjectorService projector = ProjectorService.start(config, installation.dataSource(), ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(installation.dataSource(), "rm_1") == log.endOffsetTotal());
    }
    List<CheckResult> later = new ArrayList<>(first.subList(250, 300));
    later.addAll(LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 301, 50));
    log.write(later);
    log.write(later);
    all.addAll(later);
    all.addAll(later);
    try (ProjectorService projector = ProjectorService.start(config, installation.dataSource(), ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(installation.dataSource(), "rm_1") == log.endOffsetTotal());

      // Then the live generation counts each result once
      Map<String, LogFixture.Counts> once = LogFixture.countsOnce(all);
      assertThat(LogFixture.countsInReadModel(installation.dataSource(), "rm_1")).isEqualTo(once);
      assertThat(log.countsInLog()).as("the log does hold the copies").isNotEqualTo(once);

      // And so does a generation rebuilt from the log, and verify's replay
      Generations generations = new Generations(installation.kafka(), installation.dataSource());
      Generation rebuilt = generations.rebuild(100);
      assertThat(LogFixture.countsInReadModel(installation.dataSource(), rebuilt.schemaName())).isEqualTo(once);
      Verifier.Result verified = new Verifier(installation.kafka(), installation.dataSource()).verify(100);
      assertThat(verified.differences()).isEmpty();
      assertThat(verified.results()).isEqualTo(once.values().stream().mapToLong(c -> c.up() + c.down() + c.degraded()).sum());
    }
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The projector writes a batch on its writer thread while its loop polls and decodes the next,
 * so when a write fails the batch behind it is already decoded and queued. It may not commit:
 * its offsets would skip the failed batch's records for good.
 */
@ExtendWith(RealServicesExtension.class)
class FailedWriteIT {
  @Test
  void batchesQueuedBehindAFailedWriteDoNotCommitAndTheReplayIsStillExact(RealServices services) throws Exception {
    // Given a log of results, replayed in small batches
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db");
    log.writeDefinitions(checks);
    log.writeResults(checks, 20_000, 11);
    ReadModelSchema schema = new ReadModelSchema("rm_1");
    schema.migrate(dataSource);

    // When some writes fail inside their transaction while later batches are already queued
    Set<Integer> failingWrites = Set.of(3, 9, 20);
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ProjectorLoop.Observer failing =
        new ProjectorLoop.Observer() {
          @Override
          public void beforeCommit(long batchNumber) {
            if (failingWrites.contains(writes.incrementAndGet())) {
              failed.incrementAndGet();
              throw new IllegalStateException("write of batch " + batchNumber + " fails in this test");
            }
          }
        };
    ProjectorLoop.Outcome outcome =
        new ProjectorLoop(kafka, dataSource, 1, new ReadModelWriter(schema, schema.recordedVersion(dataSource)), ProjectorLoop.Settings.replaying(500), failing)
            .runUntilCaughtUp();

    // Then every failure was retried from the stored offsets, and each result counts exactly once
    assertThat(outcome).isInstanceOf(ProjectorLoop.Outcome.CaughtUp.class);
    assertThat(failed).hasValue(3);
    assertThat(LogFixture.storedOffsetTotal(dataSource, "rm_1")).isEqualTo(log.endOffsetTotal());
    assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(log.countsInLog());
    assertThat(LogFixture.countsInReadModel(dataSource, "rm_1", "rollup_day")).isEqualTo(log.countsInLog());
  }
}

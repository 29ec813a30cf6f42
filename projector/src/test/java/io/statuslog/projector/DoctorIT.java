package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.generations.Doctor;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.DdlHold;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The night this product exists for, replayed: doctor names it, and the log recovers it. */
@ExtendWith(RealServicesExtension.class)
class DoctorIT {
  private static final List<String> CHECKS = List.of("api", "web");

  @Test
  void aHistoryThatClaimsVersion3WithoutItsDdlIsNamedAndRebuiltFromTheLog(RealServices services) throws Exception {
    // Given a live generation that projected the log, whose history then says V3 succeeded
    // while V3's DDL is absent: the seed's exact state
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = seededLog(kafka);
    ProjectorConfiguration config = new ProjectorConfiguration(kafka, null, new Projector(500, null));
    try (ProjectorService projector = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE)) {
      awaitCaughtUp(log, dataSource, "rm_1");
    }
    execute(dataSource,
        "ALTER TABLE rm_1.incidents DROP COLUMN severity",
        "DROP TABLE rm_1.incident_updates",
        "DROP INDEX rm_1.incidents_unresolved");
    Doctor doctor = new Doctor(kafka, dataSource, ExpectedCatalogs.bundled());

    // When doctor examines it
    Doctor.Report broken = doctor.examine();

    // Then it names every missing object and fails
    assertThat(broken.healthy()).isFalse();
    assertThat(broken.findings()).filteredOn(f -> f.level() == Doctor.Level.FAIL).singleElement().satisfies(finding -> {
      assertThat(finding.subject()).isEqualTo("generation 1 (rm_1, live)");
      assertThat(finding.message())
          .startsWith("records version 3, but")
          .contains("column incidents.severity is missing")
          .contains("table incident_updates is missing")
          .contains("index incidents_unresolved is missing")
          .contains("WHERE (resolved_at IS NULL)");
    });

    // And rebuild + cutover bring a correct generation live, with every result counted once
    try (ProjectorService projector = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE)) {
      Generations generations = new Generations(kafka, dataSource);
      generations.rebuild(1_000);
      generations.cutover(Optional.empty(), 0);
      awaitCaughtUp(log, dataSource, "rm_2");
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_2")).isEqualTo(log.countsInLog());
      Doctor.Report recovered = doctor.examine();
      assertThat(recovered.healthy()).as(recovered.findings().toString()).isTrue();
      assertThat(recovered.findings()).anySatisfy(f -> assertThat(f.toString()).contains("generation 2 (rm_2, live): version 3, catalog matches"));
      assertThat(recovered.findings()).anySatisfy(f -> assertThat(f.toString()).startsWith("WARN  generation 1 (rm_1, retired): records version 3, but"));
    }
  }

  @Test
  void aMigrationKilledMidwayLeavesTheLiveGenerationAtItsVersionAndARetryCompletes(RealServices services) throws Exception {
    // Given a live generation at version 2 holding data
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    TestDatabase database = installation.database();
    DataSource dataSource = installation.dataSource();
    LogFixture log = seededLog(kafka);
    Generations generations = new Generations(kafka, dataSource);
    generations.control().migrate();
    ReadModelSchema schema = new ReadModelSchema("rm_1");
    schema.migrate(dataSource, 2);
    generations.control().upsert(1, State.BUILDING, "test");
    generations.control().makeLive(1);
    new ProjectorLoop(kafka, dataSource, 1, new ReadModelWriter(schema, 2), ProjectorLoop.Settings.replaying(1_000), ProjectorLoop.Observer.NONE).runUntilCaughtUp();
    var countsBefore = LogFixture.countsInReadModel(dataSource, "rm_1");

    // When a separate migration process is SIGKILLed inside migration 3's DDL: its ALTER TABLE
    // has run in its open transaction, and its CREATE TABLE waits on the test's hold
    Process migration;
    DdlHold.Waiter killedIn;
    try (DdlHold hold = DdlHold.onCreateTable(dataSource, "rm_1.incident_updates")) {
      migration = ChildJvm.start(MigrateInPlace.class, "kill-drills.log", database.jdbcUrl(), database.user(), database.password(), "rm_1");
      List<DdlHold.Waiter> waiters = await().atMost(Duration.ofMinutes(1)).until(hold::waiters, found -> !found.isEmpty());
      assertThat(waiters).hasSize(1);
      killedIn = waiters.getFirst();
      assertThat(killedIn).extracting(DdlHold.Waiter::waitEventType, DdlHold.Waiter::waitEvent).containsExactly("Lock", "transactionid");
      assertThat(killedIn.query()).startsWith("CREATE TABLE incident_updates");
      // Only V3's first statement, ALTER TABLE incidents ADD COLUMN severity, takes this lock
      assertThat(killedIn.relationLocksHeld()).contains("AccessExclusiveLock on rm_1.incidents");
      migration.destroyForcibly().waitFor();
    }

    // Then the migration's backend ends with its client and its transaction, and nothing it did remains:
    // the live generation is at version 2, with V2's catalog and its rows, and no history row for V3
    assertThat(migration.exitValue()).isEqualTo(137);
    await().atMost(Duration.ofSeconds(30)).until(() -> !DdlHold.isConnected(dataSource, killedIn.pid()));
    assertThat(schema.recordedVersion(dataSource)).isEqualTo(2);
    assertThat(GenerationsIT.query(dataSource, "SELECT count(*) FROM rm_1.flyway_schema_history WHERE version = '3'")).isEqualTo("0");
    assertThat(CatalogDiff.between(ExpectedCatalogs.bundled().at(2).orElseThrow(), CatalogReader.read(dataSource, "rm_1"))).isEmpty();
    assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(countsBefore).isEqualTo(log.countsInLog());
    Doctor doctor = new Doctor(kafka, dataSource, ExpectedCatalogs.bundled());
    Doctor.Report afterKill = doctor.examine();
    assertThat(afterKill.healthy()).as(afterKill.findings().toString()).isTrue();
    assertThat(afterKill.findings().toString()).contains("version 2, catalog matches").contains("pending migration(s) V3 incident severity and updates not applied");

    // And a retry completes
    assertThat(schema.migrateInPlace(dataSource)).isEqualTo(3);
    assertThat(doctor.examine().findings().toString()).contains("generation 1 (rm_1, live): version 3, catalog matches");
  }

  @Test
  void aTopicThatWouldDeleteRecordsARebuildNeedsFailsDoctor(RealServices services) throws Exception {
    // Given a healthy installation
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    seededLog(kafka);
    new Generations(kafka, dataSource).ensureLive();
    Doctor doctor = new Doctor(kafka, dataSource, ExpectedCatalogs.bundled());
    assertThat(doctor.examine().healthy()).isTrue();

    // When someone sets a seven-day retention on the results topic
    try (Admin admin = Admin.create(kafka.clientProperties("retention-change"))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topics().checkResults().name());
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "604800000"), AlterConfigOp.OpType.SET))))
          .all().get();
    }

    // Then doctor fails and says why
    Doctor.Report report = doctor.examine();
    assertThat(report.healthy()).isFalse();
    assertThat(report.findings()).filteredOn(f -> f.level() == Doctor.Level.FAIL).singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("retention.ms=604800000").contains("will delete records a rebuild needs"));
  }

  private static LogFixture seededLog(KafkaSettings kafka) {
    LogFixture log = new LogFixture(kafka);
    log.writeDefinitions(CHECKS);
    log.writeResults(CHECKS, 2_000, 3);
    return log;
  }

  private static void awaitCaughtUp(LogFixture log, DataSource dataSource, String schema) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
        .until(() -> LogFixture.storedOffsetTotal(dataSource, schema) == log.endOffsetTotal());
  }

  private static void execute(DataSource dataSource, String... statements) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}

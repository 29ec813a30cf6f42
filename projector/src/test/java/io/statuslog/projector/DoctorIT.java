package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Diagnosis.Level;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.Lease;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    Doctor doctor = installation.doctor();

    // When doctor examines it
    Diagnosis broken = doctor.examine();

    // Then it names every missing object and fails
    assertThat(broken.exitCode()).isEqualTo(3);
    assertThat(broken.findings()).filteredOn(f -> f.level() == Level.FAIL).singleElement().satisfies(finding -> {
      assertThat(finding.subject()).isEqualTo("generation 1 (rm_1, live)");
      assertThat(finding.message())
          .startsWith("records version 4, but")
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
      Diagnosis recovered = doctor.examine();
      assertThat(recovered.findings()).anySatisfy(f -> assertThat(f.toString()).contains("generation 2 (rm_2, live): version 4, catalog matches"));
      // The drifted generation, now retired, threatens nothing: a warning, and exit 1
      assertThat(recovered.findings()).filteredOn(f -> f.level() != Level.OK).singleElement()
          .satisfies(f -> assertThat(f.toString()).startsWith("WARN  generation 1 (rm_1, retired): records version 4, but"));
      assertThat(recovered.exitCode()).isEqualTo(1);
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
    Doctor doctor = installation.doctor();
    Diagnosis afterKill = doctor.examine();
    assertThat(afterKill.exitCode()).as(afterKill.findings().toString()).isEqualTo(1);
    assertThat(afterKill.findings().toString()).contains("version 2, catalog matches").contains("pending migration(s) V3 incident severity and updates, V4 spool sequences not applied");

    // And a retry completes
    assertThat(schema.migrateInPlace(dataSource)).isEqualTo(4);
    Diagnosis afterRetry = doctor.examine();
    assertThat(afterRetry.findings().toString()).contains("generation 1 (rm_1, live): version 4, catalog matches");
    assertThat(afterRetry.exitCode()).as(afterRetry.findings().toString()).isZero();
  }

  @Test
  void aTopicThatWouldDeleteRecordsARebuildNeedsFailsDoctor(RealServices services) throws Exception {
    // Given a healthy installation
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    seededLog(kafka);
    new Generations(kafka, dataSource).ensureLive();
    Doctor doctor = installation.doctor();
    assertThat(doctor.examine().exitCode()).isZero();

    // When someone sets a seven-day retention on the results topic
    try (Admin admin = Admin.create(kafka.clientProperties("retention-change"))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topics().checkResults().name());
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "604800000"), AlterConfigOp.OpType.SET))))
          .all().get();
    }

    // Then doctor fails and says why
    Diagnosis report = doctor.examine();
    assertThat(report.exitCode()).isEqualTo(3);
    assertThat(report.findings()).filteredOn(f -> f.level() == Level.FAIL).singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("retention.ms=604800000").contains("will delete records a rebuild needs"));
  }

  @Test
  void aVersionThisBinaryDoesNotKnowIsAWarningThatSaysWhatIsServedAndTheWaysOut(RealServices services) throws Exception {
    // Given a live generation whose history records a V5 that a newer binary applied: what the
    // rolled-back binary sees on the seed's night
    Installation installation = Installation.fresh(services);
    DataSource dataSource = installation.dataSource();
    Generations generations = seededAndLive(installation);
    Instant installed = recordVersion5(dataSource, "rm_1");

    // When this binary's doctor examines it
    Diagnosis diagnosis = installation.doctor().examine();

    // Then it warns (exit 1, never "all is well") and says plainly what that means and the ways out
    assertThat(diagnosis.exitCode()).isEqualTo(1);
    assertThat(diagnosis.summary()).isEqualTo("doctor: 1 warning(s), 0 failure(s)");
    assertThat(diagnosis.findings()).filteredOn(f -> f.level() != Level.OK).singleElement().hasToString(
        "WARN  generation 1 (rm_1, live): records version 5, newer than this binary knows (up to 4): V5 \"incident timeline\" was installed at "
            + installed.truncatedTo(ChronoUnit.SECONDS) + ". This binary cannot verify or serve it: a web tier of this version serves its last snapshot,"
            + " data as of about then, stale with a banner. Either run `statuslog doctor` from the binary that ships V5,"
            + " or run `statuslog rebuild` then `statuslog cutover` with this binary");

    // And once this binary has rebuilt a generation it can read, doctor names it as what the web tier serves
    generations.rebuild(1_000);
    assertThat(installation.doctor().examine().findings()).anySatisfy(f -> assertThat(f.toString())
        .startsWith("WARN  generation 1 (rm_1, live): records version 5")
        .contains("a web tier of this version serves generation 2 (rm_2, catching-up) instead, stale with a banner."));
  }

  @Test
  void aBuildNoRebuildIsRunningIsAWarningAndOneUnderWayIsNot(RealServices services) throws Exception {
    // Given a live generation and generation 2 left building, as a killed rebuild leaves it
    Installation installation = Installation.fresh(services);
    DataSource dataSource = installation.dataSource();
    Generations generations = seededAndLive(installation);
    generations.control().upsert(2, State.BUILDING, "dev");
    new ReadModelSchema("rm_2").migrate(dataSource);
    String abandoned = "WARN  generation 2 (rm_2, building): no rebuild is building it (one was stopped or killed); nothing reads it,"
        + " and the next `statuslog rebuild` drops it and starts over";

    // Then doctor warns while nothing builds it, and says nothing of the kind while a rebuild holds its lease
    assertThat(installation.doctor().examine().findings()).extracting(Object::toString).contains(abandoned);
    try (Lease building = Lease.tryAcquire(dataSource, 2).orElseThrow()) {
      assertThat(installation.doctor().examine().findings()).extracting(Object::toString).doesNotContain(abandoned);
    }
  }

  @Test
  void topicsUnderAnotherPrefixAreNamedAsMissingWithTheReason(RealServices services) throws Exception {
    Installation installation = Installation.fresh(services);
    KafkaSettings otherPrefix = KafkaSettings.of(installation.kafka().bootstrapServers(), "nosuchprefix");
    TestDatabase database = installation.database();

    Diagnosis diagnosis = new Doctor(otherPrefix, database.jdbcUrl(), database.user(), database.password(), ExpectedCatalogs.bundled()).examine();

    assertThat(diagnosis.findings()).extracting(Object::toString).contains(
        "FAIL  topic nosuchprefix.check-results: does not exist; every role creates its topics when it starts, so is kafka.topicPrefix (\"nosuchprefix\") the one the roles use?");
  }

  @Test
  void doctorReportsAnEmptyDatabaseAndLeavesItEmpty(RealServices services) throws Exception {
    // Given topics but a database no projector has started against
    Installation installation = Installation.fresh(services);

    // When doctor examines it
    Diagnosis diagnosis = installation.doctor().examine();

    // Then it fails and says what creates the generations, and has created nothing itself
    assertThat(diagnosis.exitCode()).isEqualTo(3);
    assertThat(diagnosis.findings()).filteredOn(f -> f.level() == Level.FAIL).singleElement()
        .hasToString("FAIL  generations: none yet (no statuslog_control schema): the projector creates generation 1 on its first start");
    assertThat(GenerationsIT.query(installation.dataSource(),
        "SELECT count(*) FROM pg_namespace WHERE nspname = 'statuslog_control' OR nspname LIKE 'rm\\_%'")).isEqualTo("0");
  }

  /** The installation with results in its log and generation 1 live. */
  private static Generations seededAndLive(Installation installation) throws Exception {
    seededLog(installation.kafka());
    Generations generations = new Generations(installation.kafka(), installation.dataSource());
    generations.ensureLive();
    return generations;
  }

  private static LogFixture seededLog(KafkaSettings kafka) {
    LogFixture log = new LogFixture(kafka);
    log.writeDefinitions(CHECKS);
    log.writeResults(CHECKS, 2_000, 3);
    return log;
  }

  /** Records V5 as applied in the schema's history, as a newer binary's migration would; returns when. */
  private static Instant recordVersion5(DataSource dataSource, String schema) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("INSERT INTO " + schema + ".flyway_schema_history"
            + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
            + " SELECT max(installed_rank) + 1, '5', 'incident timeline', 'SQL', 'V5__incident_timeline.sql', 5, 'newer-binary', 12, true"
            + " FROM " + schema + ".flyway_schema_history RETURNING installed_on")) {
      row.next();
      return row.getTimestamp(1).toInstant();
    }
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

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.generations.Generations;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.DdlHold;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration job is SIGKILLed mid-run: a `statuslog projector` process applying migration 3
 * in place is killed inside V3's DDL, its ALTER TABLE run and its CREATE TABLE waiting. The web
 * tier answers 200 throughout, nothing of V3 remains, doctor explains, and starting the
 * projector again completes the migration.
 */
@ExtendWith(RealServicesExtension.class)
class MigrationKillIT {
  @TempDir Path dir;

  @Test
  void aMigrationProcessKilledInsideItsDdlNeverTakesThePageDown(RealServices services) throws Exception {
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      // Given a live generation still at version 2, and the web tier serving it
      ProjectorConfiguration config = ConfigFiles.load(platform.config(), ProjectorConfiguration.class);
      Generations generations = new Generations(config.kafka(), dataSource);
      generations.control().migrate();
      ReadModelSchema schema = new ReadModelSchema("rm_1");
      schema.migrate(dataSource, 2);
      generations.control().upsert(1, State.BUILDING, "v2-binary");
      generations.control().makeLive(1);
      platform.startWeb();
      await().atMost(Duration.ofSeconds(30)).until(() -> !platform.json("/api/v1/summary").path("stale").asBoolean());

      // When a projector process migrating to version 3 is SIGKILLed inside V3's DDL: its
      // ALTER TABLE incidents has run in its open transaction, its CREATE TABLE waits on the hold
      Process migration;
      DdlHold.Waiter killedIn;
      try (DdlHold hold = DdlHold.onCreateTable(dataSource, "rm_1.incident_updates")) {
        // The statuslog command in a JVM of its own, as a Kubernetes job would run it.
        migration = ChildJvm.start(Statuslog.class, "kill-drills.log", "projector", "-c", platform.config().toString());
        List<DdlHold.Waiter> waiters = await().atMost(Duration.ofMinutes(1)).until(hold::waiters, found -> !found.isEmpty());
        assertThat(waiters).hasSize(1);
        killedIn = waiters.getFirst();
        assertThat(killedIn).extracting(DdlHold.Waiter::waitEventType, DdlHold.Waiter::waitEvent).containsExactly("Lock", "transactionid");
        assertThat(killedIn.query()).startsWith("CREATE TABLE incident_updates");
        // Only V3's first statement, ALTER TABLE incidents ADD COLUMN severity, takes this lock
        assertThat(killedIn.relationLocksHeld()).contains("AccessExclusiveLock on rm_1.incidents");
        // The page keeps answering while the migration holds that lock: reads that would wait
        // time out, and the last good snapshot is served
        assertThat(platform.get("/").statusCode()).isEqualTo(200);
        migration.destroyForcibly().waitFor();
      }

      // Then the migration's backend ends with its client and its transaction; the page still
      // answers, the live generation is exactly version 2, nothing records V3, and doctor says what is pending
      assertThat(migration.exitValue()).isEqualTo(137);
      assertThat(platform.get("/").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> !DdlHold.isConnected(dataSource, killedIn.pid()));
      assertThat(schema.recordedVersion(dataSource)).isEqualTo(2);
      assertThat(count(dataSource, "SELECT count(*) FROM rm_1.flyway_schema_history WHERE version = '3'")).isZero();
      assertThat(CatalogDiff.between(ExpectedCatalogs.bundled().at(2).orElseThrow(), CatalogReader.read(dataSource, "rm_1"))).isEmpty();
      Cli.Run doctor = Cli.run("doctor", "-c", platform.config().toString());
      assertThat(doctor.exit()).as(doctor.out()).isEqualTo(1);
      assertThat(doctor.out()).contains("version 2, catalog matches").contains("pending migration(s) V3 incident severity and updates, V4 spool sequences not applied")
          .endsWith("doctor: 1 warning(s), 0 failure(s)" + System.lineSeparator());

      // And starting the projector again completes the migration; the page serves fresh data
      platform.startPipeline();
      assertThat(schema.recordedVersion(dataSource)).isEqualTo(4);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      assertThat(Cli.run("doctor", "-c", platform.config().toString()).out()).contains("generation 1 (rm_1, live): version 4, catalog matches");
      assertThat(Cli.run("verify", "-c", platform.config().toString()).exit()).isZero();
    }
  }

  private static long count(DataSource dataSource, String sql) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.generations.Generations;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration job is SIGKILLed mid-run: a `statuslog projector` process applying migration 3
 * in place is killed while it holds its transaction open. The web tier answers 200 throughout,
 * doctor explains, and starting the projector again completes the migration.
 */
@ExtendWith(RealServicesExtension.class)
class MigrationKillIT {
  @TempDir Path dir;

  @Test
  void aMigrationProcessKilledMidwayNeverTakesThePageDown(RealServices services) throws Exception {
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

      // When a projector process starts migrating to version 3 and is SIGKILLed in the middle,
      // blocked on the first statement of migration 3 with its transaction open
      Process migration;
      try (Connection blocker = dataSource.getConnection(); Statement statement = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        statement.execute("LOCK TABLE rm_1.incidents IN ACCESS EXCLUSIVE MODE");
        // The statuslog command in a JVM of its own, as a Kubernetes job would run it.
        migration = ChildJvm.start(Statuslog.class, "kill-drills.log", "projector", "-c", platform.config().toString());
        await().atMost(Duration.ofMinutes(1)).until(() -> waiting(dataSource) > 0);
        // The page keeps answering while the migration holds its locks: reads that would wait
        // time out, and the last good snapshot is served
        assertThat(platform.get("/").statusCode()).isEqualTo(200);
        migration.destroyForcibly().waitFor();
        blocker.rollback();
      }

      // Then the page still answers, nothing claims version 3, and doctor says what is pending
      assertThat(migration.exitValue()).isEqualTo(137);
      assertThat(platform.get("/").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> waiting(dataSource) == 0);
      assertThat(schema.recordedVersion(dataSource)).isEqualTo(2);
      Cli.Run doctor = Cli.run("doctor", "-c", platform.config().toString());
      assertThat(doctor.exit()).as(doctor.out()).isEqualTo(1);
      assertThat(doctor.out()).contains("version 2, catalog matches").contains("pending migration(s) V3 incident severity and updates not applied")
          .endsWith("doctor: 1 warning(s), 0 failure(s)" + System.lineSeparator());

      // And starting the projector again completes the migration; the page serves fresh data
      platform.startPipeline();
      assertThat(schema.recordedVersion(dataSource)).isEqualTo(3);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      assertThat(Cli.run("doctor", "-c", platform.config().toString()).out()).contains("generation 1 (rm_1, live): version 3, catalog matches");
      assertThat(Cli.run("verify", "-c", platform.config().toString()).exit()).isZero();
    }
  }

  private static long waiting(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE '%ADD COLUMN severity%' AND pid <> pg_backend_pid()")) {
      row.next();
      return row.getLong(1);
    }
  }
}

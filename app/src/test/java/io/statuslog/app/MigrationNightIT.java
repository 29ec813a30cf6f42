package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import io.statuslog.web.WebApplication;
import io.statuslog.web.WebConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night this product exists for: the history says the newest migration succeeded, its DDL
 * is not there. An older web tier (it understands one version less) and a current one both run
 * against that database: neither exits, both answer every request with 200. doctor names what
 * is missing; rebuild and cutover recover from the log, with no backup; verify proves it. And
 * the rolled-back binary's view of that night: a version it does not know, served stale, and a
 * doctor that says so and what to do.
 */
@ExtendWith(RealServicesExtension.class)
class MigrationNightIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aLyingVersionRowNeverTakesThePageDownAndTheLogRecoversIt(RealServices services) throws Exception {
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      // Given the current web tier serving fresh data, and an older one beside it
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      DropwizardTestSupport<WebConfiguration> olderWeb = new DropwizardTestSupport<>(WebApplication.class, platform.config().toString(),
          ConfigOverride.config("readModel.maxVersion", "2"), ConfigOverride.config("web.snapshotFile", dir.resolve("older.json").toString()));
      olderWeb.before();
      String older = "http://localhost:" + olderWeb.getLocalPort();
      String c = platform.config().toString();
      try {
        assertThat(get(older + "/").statusCode()).isEqualTo(200);

        // When the live generation's history claims V3 while V3's DDL is absent
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
            Statement statement = connection.createStatement()) {
          statement.execute("ALTER TABLE rm_1.incidents DROP COLUMN severity");
          statement.execute("DROP TABLE rm_1.incident_updates");
          statement.execute("DROP INDEX rm_1.incidents_unresolved");
        }

        // Then both web tiers keep answering 200, stale with the banner
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isTrue());
        HttpResponse<String> currentPage = platform.get("/");
        assertThat(currentPage.statusCode()).isEqualTo(200);
        assertThat(currentPage.body()).contains("Live updates are delayed").contains("Public API");
        HttpResponse<String> olderPage = get(older + "/");
        assertThat(olderPage.statusCode()).isEqualTo(200);
        assertThat(olderPage.body()).contains("Live updates are delayed");
        assertThat(get(older + "/api/v1/summary").body()).contains("\"stale\":true");

        // And doctor names every missing object and fails
        Cli.Run doctor = Cli.run("doctor", "-c", c);
        assertThat(doctor.exit()).isEqualTo(3);
        assertThat(doctor.out()).contains("FAIL  generation 1 (rm_1, live): records version 4, but")
            .contains("column incidents.severity is missing").contains("table incident_updates is missing").contains("index incidents_unresolved is missing");

        // When the operator rebuilds from the log and cuts over, with no backup
        assertThat(Cli.run("rebuild", "-c", c).exit()).isZero();
        assertThat(Cli.run("cutover", "-c", c).exit()).isZero();

        // Then the current web tier follows to fresh data without a restart, the older one still answers,
        // and the live generation matches the log exactly
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
          assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
        });
        assertThat(get(older + "/").statusCode()).isEqualTo(200);
        Cli.Run verify = Cli.run("verify", "-c", c);
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("generation 2 matches the log");
        Cli.Run healthy = Cli.run("doctor", "-c", c);
        assertThat(healthy.out()).contains("OK  generation 2 (rm_2, live): version 4, catalog matches");
      } finally {
        olderWeb.after();
      }
    }
  }

  @Test
  void theRolledBackBinarySeesAVersionItDoesNotKnowServesStaleAndDoctorSaysWhatToDo(RealServices services) throws Exception {
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      // Given this binary's web tier serving fresh data
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      String c = platform.config().toString();

      // When a newer binary records V5 in the live generation's history (this binary ships up to V4)
      Instant installed;
      try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("INSERT INTO rm_1.flyway_schema_history"
              + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)"
              + " SELECT max(installed_rank) + 1, '5', 'incident timeline', 'SQL', 'V5__incident_timeline.sql', 5, 'newer-binary', 12, true"
              + " FROM rm_1.flyway_schema_history RETURNING installed_on")) {
        row.next();
        installed = row.getTimestamp(1).toInstant();
      }

      // Then this binary's web tier serves its last snapshot, stale with the banner, with data as of about then
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isTrue());
      Instant dataAsOf = Instant.parse(platform.json("/api/v1/summary").path("dataAsOf").asText());
      // It notices the new version when it next looks (at most every 30 s), so "about" means that much
      assertThat(dataAsOf).isBetween(installed.minusSeconds(5), installed.plusSeconds(40));
      assertThat(platform.get("/").body()).contains("Live updates are delayed");

      // And doctor warns, exits 1, and says plainly what this binary cannot do, what is served and the ways out
      Cli.Run doctor = Cli.run("doctor", "-c", c);
      assertThat(doctor.exit()).as(doctor.out()).isEqualTo(1);
      assertThat(doctor.out())
          .contains("WARN  generation 1 (rm_1, live): records version 5, newer than this binary knows (up to 4): V5 \"incident timeline\" was installed at "
              + installed.truncatedTo(ChronoUnit.SECONDS) + ". This binary cannot verify or serve it: a web tier of this version serves its last snapshot,"
              + " data as of about then, stale with a banner. Either run `statuslog doctor` from the binary that ships V5,"
              + " or run `statuslog rebuild` then `statuslog cutover` with this binary")
          .doesNotContain("all is well")
          .endsWith("doctor: 1 warning(s), 0 failure(s)" + System.lineSeparator());

      // When the operator takes the second way out with this binary
      assertThat(Cli.run("rebuild", "-c", c).exit()).isZero();
      assertThat(Cli.run("cutover", "-c", c).exit()).isZero();

      // Then the page is fresh again without a restart, and doctor verifies the live generation;
      // the one this binary cannot verify is retired, and still named
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      Cli.Run after = Cli.run("doctor", "-c", c);
      assertThat(after.out()).contains("OK  generation 2 (rm_2, live): version 4, catalog matches")
          .contains("WARN  generation 1 (rm_1, retired): records version 5, newer than this binary knows (up to 4)")
          .contains("This binary cannot verify it: run `statuslog doctor` from the binary that ships V5");
      assertThat(after.exit()).as(after.out()).isEqualTo(1);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

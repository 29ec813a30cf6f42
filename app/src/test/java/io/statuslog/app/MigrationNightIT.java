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
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night this product exists for: the history says the newest migration succeeded, its DDL
 * is not there. An older web tier (it understands one version less) and a current one both run
 * against that database: neither exits, both answer every request with 200. doctor names what
 * is missing; rebuild and cutover recover from the log, with no backup; verify proves it.
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
        assertThat(doctor.out()).contains("FAIL  generation 1 (rm_1, live): records version 3, but")
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
        assertThat(healthy.out()).contains("OK  generation 2 (rm_2, live): version 3, catalog matches");
      } finally {
        olderWeb.after();
      }
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

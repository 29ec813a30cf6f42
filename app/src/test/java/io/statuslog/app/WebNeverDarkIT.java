package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page never goes dark: PostgreSQL is stopped under a running web tier, the web tier is
 * restarted while it is down, and PostgreSQL comes back, with every answer a 200. Incidents are
 * written through the admin API, to Kafka first, and appear once projected.
 */
@ExtendWith(RealServicesExtension.class)
class WebNeverDarkIT {
  @TempDir Path dir;

  @Test
  void thePageKeepsAnsweringThroughADatabaseOutageAndAWebRestart(RealServices services) throws Exception {
    // Given every role running, with a PostgreSQL of this test's own that it can stop
    int pgPort = freePort();
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });

      // And an incident opened through the admin API, then updated
      String incidentId = platform.openIncident(
          "{\"title\":\"Elevated <b>errors</b>\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Core\"],\"text\":\"Investigating\"}");
      await().atMost(Duration.ofSeconds(30)).until(() -> platform.json("/api/v1/incidents?state=open").path("incidents").size() == 1);
      assertThat(platform.admin("/api/v1/admin/incidents/" + incidentId + "/updates", "{\"text\":\"Fix deployed\"}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(platform.get("/").body()).contains("Fix deployed").contains("Elevated &lt;b&gt;errors&lt;/b&gt;").contains("Investigating"));

      // When PostgreSQL stops under the running web tier
      postgres.close();

      // Then the page and the API keep answering 200, stale, with the banner
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isTrue());
      HttpResponse<String> stalePage = platform.get("/");
      assertThat(stalePage.statusCode()).isEqualTo(200);
      assertThat(stalePage.body()).contains("Live updates are delayed — data as of").contains("Public API").contains("Fix deployed");
      assertThat(platform.json("/api/v1/checks/api/uptime?days=90").path("stale").asBoolean()).isTrue();
      HttpResponse<String> health = platform.get(platform.adminUrl() + "/healthcheck");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("DEGRADED");

      // And a web tier started while PostgreSQL is down serves the snapshot from disk
      platform.startWeb();
      HttpResponse<String> fromDisk = platform.get("/");
      assertThat(fromDisk.statusCode()).isEqualTo(200);
      assertThat(fromDisk.body()).contains("Live updates are delayed").contains("Public API").contains("Fix deployed");
      JsonNode diskSummary = platform.json("/api/v1/summary");
      assertThat(diskSummary.path("stale").asBoolean()).isTrue();
      assertThat(diskSummary.path("dataAsOf").asText()).isNotEmpty();

      // When PostgreSQL comes back, fresh data returns without a restart
      postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(platform.json("/api/v1/summary").path("stale").asBoolean()).isFalse();
        assertThat(platform.check("api").path("status").asText()).isEqualTo("UP");
      });
      assertThat(platform.admin("/api/v1/admin/incidents/" + incidentId + "/resolve", "{\"text\":\"All clear\"}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> platform.json("/api/v1/incidents?state=resolved").path("incidents").size() == 1);
      assertThat(platform.get("/feed.atom").body()).contains("Resolved: Elevated &lt;b&gt;errors&lt;/b&gt;");
      assertThat(platform.get("/badge/api.svg").body()).startsWith("<svg").contains("uptime");

      // And the projector resumed from its stored offsets: the live generation matches the log
      Cli.Run verify = Cli.run("verify", "-c", platform.config().toString());
      assertThat(verify.exit()).as(verify.err()).isZero();
    } finally {
      postgres.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.web.WebApplication;
import io.statuslog.web.WebConfiguration;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-admin-token";
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void thePageKeepsAnsweringThroughADatabaseOutageAndAWebRestart(RealServices services) throws Exception {
    // Given every role running, with a PostgreSQL of this test's own that it can stop
    int pgPort = freePort();
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    target.start();
    KafkaSettings kafka = services.newKafka();
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - id: api
            name: Public API
            component: Core
            url: http://127.0.0.1:%d/health
            interval: 1s
            timeout: 900ms
        """.formatted(target.getAddress().getPort()));
    Path config = Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: postgres
          password: ""
          checkConnectionOnBorrow: true
        checker:
          checksFile: %s
        web:
          snapshotFile: %s
          adminToken: %s
          refreshEvery: 300ms
          staleAfter: 2s
          queryTimeout: 2s
        server:
          applicationConnectors: [{type: http, port: 0}]
          adminConnectors: [{type: http, port: 0}]
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), postgres.jdbcUrl(), checks, dir.resolve("web-snapshot.json"), TOKEN));
    ProjectorConfiguration projectorConfig = ConfigFiles.load(config, ProjectorConfiguration.class);
    DropwizardTestSupport<WebConfiguration> web = new DropwizardTestSupport<>(WebApplication.class, config.toString());
    try (ProjectorService projector = ProjectorService.start(projectorConfig, Databases.unpooled(projectorConfig.database()), ProjectorLoop.Observer.NONE);
        CheckerService checker = CheckerService.start(ConfigFiles.load(config, CheckerConfiguration.class), Clock.systemUTC())) {
      web.before();
      String base = "http://localhost:" + web.getLocalPort();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode summary = json(base + "/api/v1/summary");
        assertThat(summary.path("stale").asBoolean()).isFalse();
        assertThat(summary.path("checks").path(0).path("status").asText()).isEqualTo("UP");
      });

      // And an incident opened through the admin API, then updated
      HttpResponse<String> opened = post(base + "/api/v1/admin/incidents", "{\"title\":\"Elevated <b>errors</b>\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Core\"],\"text\":\"Investigating\"}");
      assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
      String incidentId = JSON.readTree(opened.body()).path("incidentId").asText();
      await().atMost(Duration.ofSeconds(30)).until(() -> json(base + "/api/v1/incidents?state=open").path("incidents").size() == 1);
      assertThat(post(base + "/api/v1/admin/incidents/" + incidentId + "/updates", "{\"text\":\"Fix deployed\"}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(get(base + "/").body()).contains("Fix deployed").contains("Elevated &lt;b&gt;errors&lt;/b&gt;").contains("Investigating"));

      // When PostgreSQL stops under the running web tier
      postgres.close();

      // Then the page and the API keep answering 200, stale, with the banner
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json(base + "/api/v1/summary").path("stale").asBoolean()).isTrue());
      HttpResponse<String> stalePage = get(base + "/");
      assertThat(stalePage.statusCode()).isEqualTo(200);
      assertThat(stalePage.body()).contains("Live updates are delayed — data as of").contains("Public API").contains("Fix deployed");
      assertThat(json(base + "/api/v1/checks/api/uptime?days=90").path("stale").asBoolean()).isTrue();
      HttpResponse<String> health = get("http://localhost:" + web.getAdminPort() + "/healthcheck");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("DEGRADED");

      // And a web tier started while PostgreSQL is down serves the snapshot from disk
      web.after();
      web = new DropwizardTestSupport<>(WebApplication.class, config.toString());
      web.before();
      String restarted = "http://localhost:" + web.getLocalPort();
      HttpResponse<String> fromDisk = get(restarted + "/");
      assertThat(fromDisk.statusCode()).isEqualTo(200);
      assertThat(fromDisk.body()).contains("Live updates are delayed").contains("Public API").contains("Fix deployed");
      JsonNode diskSummary = json(restarted + "/api/v1/summary");
      assertThat(diskSummary.path("stale").asBoolean()).isTrue();
      assertThat(diskSummary.path("dataAsOf").asText()).isNotEmpty();

      // When PostgreSQL comes back, fresh data returns without a restart
      postgres = EmbeddedPostgresServer.start(dir.resolve("pg"), pgPort);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode summary = json(restarted + "/api/v1/summary");
        assertThat(summary.path("stale").asBoolean()).isFalse();
        assertThat(summary.path("checks").path(0).path("status").asText()).isEqualTo("UP");
      });
      assertThat(post(restarted + "/api/v1/admin/incidents/" + incidentId + "/resolve", "{\"text\":\"All clear\"}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> json(restarted + "/api/v1/incidents?state=resolved").path("incidents").size() == 1);
      assertThat(get(restarted + "/feed.atom").body()).contains("Resolved: Elevated &lt;b&gt;errors&lt;/b&gt;");
      assertThat(get(restarted + "/badge/api.svg").body()).startsWith("<svg").contains("uptime");
    } finally {
      web.after();
      target.stop(0);
      postgres.close();
    }
  }

  private JsonNode json(String url) throws Exception {
    HttpResponse<String> response = get(url);
    assertThat(response.statusCode()).as(url).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

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
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import javax.sql.DataSource;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import io.statuslog.web.WebApplication;
import io.statuslog.web.WebConfiguration;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe to page over the real services: a checker probes a target, the projector writes the
 * read model, the web tier serves it. When the target starts answering 500, the page says so.
 */
@ExtendWith(RealServicesExtension.class)
class EndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aTargetThatStartsFailingIsShownDown(RealServices services, @TempDir Path dir) throws Exception {
    // Given a target answering 200, and every role running against the real broker and database
    AtomicInteger targetStatus = new AtomicInteger(200);
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(targetStatus.get(), -1);
      exchange.close();
    });
    target.start();
    KafkaSettings kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
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
          user: %s
          password: "%s"
        checker:
          checksFile: %s
        web:
          refreshEvery: 300ms
        server:
          applicationConnectors: [{type: http, port: 0}]
          adminConnectors: [{type: http, port: 0}]
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), checks));

    ProjectorConfiguration projectorConfig = ConfigFiles.load(config, ProjectorConfiguration.class);
    DataSource dataSource = Databases.unpooled(projectorConfig.database());
    DropwizardTestSupport<WebConfiguration> web = new DropwizardTestSupport<>(WebApplication.class, config.toString());
    try (ProjectorService projector = ProjectorService.start(projectorConfig, dataSource, ProjectorLoop.Observer.NONE);
        CheckerService checker = CheckerService.start(ConfigFiles.load(config, CheckerConfiguration.class), Clock.systemUTC())) {
      web.before();
      String base = "http://localhost:" + web.getLocalPort();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(check(summary(base), "api").path("status").asText()).isEqualTo("UP"));
      JsonNode up = check(summary(base), "api");
      assertThat(up.path("name").asText()).isEqualTo("Public API");
      assertThat(up.path("uptime24h").asDouble()).isEqualTo(100.0);

      // When the target starts failing
      targetStatus.set(500);

      // Then the summary and the page show it down
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(check(summary(base), "api").path("status").asText()).isEqualTo("DOWN"));
      JsonNode summary = summary(base);
      assertThat(summary.path("stale").asBoolean()).isFalse();
      assertThat(check(summary, "api").path("uptime24h").asDouble()).isLessThan(100.0);
      String page = get(base + "/").body();
      assertThat(page).contains("Major outage").contains("Public API").contains("class=\"state DOWN\">Down<");
    } finally {
      web.after();
      target.stop(0);
    }
  }

  private JsonNode summary(String base) throws Exception {
    HttpResponse<String> response = get(base + "/api/v1/summary");
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode check(JsonNode summary, String id) {
    for (JsonNode check : summary.path("checks")) {
      if (check.path("id").asText().equals(id)) {
        return check;
      }
    }
    return JSON.createObjectNode();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.ingest.IngestApplication;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.testkit.CountingTarget;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.web.WebApplication;
import io.statuslog.web.WebConfiguration;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Every role of Statuslog in this test JVM, against real Kafka and PostgreSQL: one checker
 * probing one target whose HTTP status the test sets, the projector, the web tier, and ingest.
 * Ingest listens on a port chosen up front, which is also its public URL, so the push URLs
 * `checks apply` prints are ones a client can call; it takes batches of up to 10 results or
 * 16 KiB, and 2 results a second per agent after a burst of 20.
 */
final class TestPlatform implements AutoCloseable {
  static final String ADMIN_TOKEN = "test-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path config;
  private CheckerService checker;
  private final CountingTarget target;
  private final Path checks;
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private DropwizardTestSupport<WebConfiguration> web;
  private DropwizardTestSupport<IngestConfiguration> ingest;
  private final int ingestPort;

  TestPlatform(Path dir, KafkaSettings kafka, String jdbcUrl, String user, String password) throws Exception {
    target = CountingTarget.start();
    try (ServerSocket socket = new ServerSocket(0)) {
      ingestPort = socket.getLocalPort();
    }
    checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - id: api
            name: Public API
            component: Core
            url: %s
            interval: 1s
            timeout: 900ms
        """.formatted(target.url("health")));
    config = Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
          checkConnectionOnBorrow: true
        checker:
          spoolDir: %s
        web:
          snapshotFile: %s
          adminToken: %s
          refreshEvery: 300ms
          staleAfter: 2s
          queryTimeout: 2s
        server:
          applicationConnectors: [{type: http, port: 0}]
          adminConnectors: [{type: http, port: 0}]
        ingest:
          publicUrl: http://localhost:%d
          instanceId: test-platform-%s
          maxBatchResults: 10
          maxBatchSize: 16KiB
          ackTimeout: 3s
          rateLimit: {perSecond: 2, burst: 20}
          server:
            applicationConnectors: [{type: http, port: %d}]
            adminConnectors: [{type: http, port: 0}]
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), jdbcUrl, user, password, dir.resolve("spool"), dir.resolve("web-snapshot.json"), ADMIN_TOKEN,
            ingestPort, kafka.topicPrefix(), ingestPort));
  }

  Path config() {
    return config;
  }

  void setTargetStatus(int status) {
    target.answerWith(status);
  }

  /** Applies the checks, starts the projector and the checker. */
  TestPlatform startPipeline() throws Exception {
    startProjector();
    CheckerConfiguration checkerConfig = ConfigFiles.load(config, CheckerConfiguration.class);
    new DefinitionsLog(checkerConfig.kafka()).apply(ChecksFile.read(checks));
    checker = CheckerService.start(checkerConfig, Clock.systemUTC());
    running.push(checker);
    return this;
  }

  /** Starts the projector alone: results come from agents and push monitors, through ingest. */
  TestPlatform startProjector() throws Exception {
    ProjectorConfiguration projector = ConfigFiles.load(config, ProjectorConfiguration.class);
    running.push(ProjectorService.start(projector, Databases.unpooled(projector.database()), ProjectorLoop.Observer.NONE));
    return this;
  }

  /** Applies a checks file, its {@code %s} replaced by the target's URL, as `checks apply` does. */
  void applyChecks(String yaml) throws Exception {
    Path file = Files.writeString(checks.resolveSibling("applied.yml"), yaml.replace("%s", target.url("health")));
    new DefinitionsLog(ConfigFiles.load(config, CheckerConfiguration.class).kafka()).apply(ChecksFile.read(file));
  }

  /** Stops probing; the probes made are spooled, and delivered as soon as Kafka takes them. */
  void stopChecker() {
    checker.close();
  }

  /** Probes of the check's target that it answered. */
  long probesAnswered() {
    return target.total();
  }

  /** Starts (or restarts) the web tier. */
  TestPlatform startWeb() throws Exception {
    stopWeb();
    web = new DropwizardTestSupport<>(WebApplication.class, config.toString());
    web.before();
    return this;
  }

  void stopWeb() {
    if (web != null) {
      web.after();
      web = null;
    }
  }

  /** Starts ingest, on the port its public URL names. */
  TestPlatform startIngest() throws Exception {
    ingest = new DropwizardTestSupport<>(IngestApplication.class, config.toString());
    ingest.before();
    return this;
  }

  String ingestUrl() {
    return "http://localhost:" + ingestPort;
  }

  String baseUrl() {
    return "http://localhost:" + web.getLocalPort();
  }

  String adminUrl() {
    return "http://localhost:" + web.getAdminPort();
  }

  JsonNode json(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** A check from the summary, or an empty node. */
  JsonNode check(String id) throws Exception {
    for (JsonNode check : json("/api/v1/summary").path("checks")) {
      if (check.path("id").asText().equals(id)) {
        return check;
      }
    }
    return JSON.createObjectNode();
  }

  HttpResponse<String> get(String pathOrUrl) throws Exception {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> admin(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Opens an incident through the admin API and returns its id. */
  String openIncident(String json) throws Exception {
    HttpResponse<String> opened = admin("/api/v1/admin/incidents", json);
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
    return JSON.readTree(opened.body()).path("incidentId").asText();
  }

  @Override
  public void close() throws Exception {
    stopWeb();
    if (ingest != null) {
      ingest.after();
    }
    while (!running.isEmpty()) {
      running.pop().close();
    }
    target.close();
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static io.statuslog.app.TestAgent.assertAccepted;
import static io.statuslog.app.TestAgent.problem;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.projector.db.Databases;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.secret.SecretToken;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.ResultLog;
import io.statuslog.testkit.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest between remote agents, push monitors and the read model, all real: the broker, the
 * database, HTTP, and the `statuslog` commands an operator runs (agents add and revoke, checks
 * apply). What an agent or a job sends is followed through the log into the live generation
 * and out of the web tier's API and page. Every refusal is shown to write nothing: the results
 * topic's end offsets do not move.
 */
@ExtendWith(RealServicesExtension.class)
class AgentsAndPushIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private KafkaSettings kafka;
  private DataSource dataSource;
  private TestPlatform platform;

  @BeforeEach
  void start(RealServices services) throws Exception {
    kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
    dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    platform = new TestPlatform(dir, kafka, database.jdbcUrl(), database.user(), database.password());
    apply("""
        checks:
          - {id: api, name: Public API, url: "https://api.example.com/health", interval: 30s}
          - {id: backup, name: Nightly backup, type: push, interval: 1m, grace: 1m}
        """);
    platform.startProjector().startIngest();
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
  }

  @Test
  void agentsInTwoRegionsAreRecordedUnderTheirOwnRegionInTheReadModelTheApiAndThePage() throws Exception {
    // Given two agents added by the operator, in two regions
    TestAgent eu = new TestAgent(platform.ingestUrl(), addAgent("edge-eu", "eu-west"), "spool-eu");
    TestAgent us = new TestAgent(platform.ingestUrl(), addAgent("edge-us", "us-east"), "spool-us");

    // When the one in eu-west sees the API up and the one in us-east sees it down
    assertAccepted(eu.post(eu.batch("api", "UP", 3)), 3, "edge-eu", "eu-west");
    assertAccepted(us.post(us.batch("api", "DOWN", 2)), 2, "edge-us", "us-east");

    // Then the live generation holds each region's latest result, and counts all five
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(LiveGeneration.regionStatuses(dataSource)).isEqualTo(Map.of("api/eu-west", "UP", "api/us-east", "DOWN"));
      assertThat(LiveGeneration.counts(dataSource)).isEqualTo(Map.of("api", 5L));
    });
    // And the API and the page say which region sees what
    platform.startWeb();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(platform.json("/api/v1/checks/api").path("check").path("regions"))
        .extracting(region -> region.path("region").asText() + "=" + region.path("status").asText())
        .containsExactly("eu-west=UP", "us-east=DOWN"));
    assertThat(platform.get("/").body()).contains("eu-west <span class=\"UP\">Operational</span> · us-east <span class=\"DOWN\">Down</span>");
  }

  @Test
  void aBatchPostedAgainAfterItsAnswerWasLostCountsOnce() throws Exception {
    // Given an agent whose batch reached ingest, and whose connection dropped before the answer
    TestAgent agent = new TestAgent(platform.ingestUrl(), addAgent("edge-eu", "eu-west"), "spool-a");
    ArrayNode batch = agent.batch("api", "UP", 5);
    agent.postAndHangUp(batch);
    await().atMost(Duration.ofSeconds(30)).until(() -> ResultLog.readAll(kafka).size() == 5);

    // When it posts the same batch again, as its spool does, and then its next one
    assertAccepted(agent.post(batch), 5, "edge-eu", "eu-west");
    assertAccepted(agent.post(agent.batch("api", "UP", 3)), 3, "edge-eu", "eu-west");

    // Then the log holds the batch twice, each copy with the ids and numbers the agent gave
    List<CheckResult> log = ResultLog.readAll(kafka);
    assertThat(log).hasSize(13);
    assertThat(log.subList(0, 10)).extracting(r -> r.getResultId() + " " + r.getSpoolId() + "#" + r.getSequence()).containsExactly(
        "spool-a-1 edge-eu/spool-a#1", "spool-a-2 edge-eu/spool-a#2", "spool-a-3 edge-eu/spool-a#3", "spool-a-4 edge-eu/spool-a#4", "spool-a-5 edge-eu/spool-a#5",
        "spool-a-1 edge-eu/spool-a#1", "spool-a-2 edge-eu/spool-a#2", "spool-a-3 edge-eu/spool-a#3", "spool-a-4 edge-eu/spool-a#4", "spool-a-5 edge-eu/spool-a#5");
    // And the live generation counts it once: the next batch, behind the copy in the same
    // partition, is counted, so the copy was read and left out, not merely not read yet
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LiveGeneration.counts(dataSource)).isEqualTo(Map.of("api", 8L)));
  }

  @Test
  void aRevokedAgentIsRefusedAtItsNextRequestAndWritesNothing() throws Exception {
    // Given an agent that posted
    TestAgent agent = new TestAgent(platform.ingestUrl(), addAgent("edge-eu", "eu-west"), "spool-a");
    assertAccepted(agent.post(agent.batch("api", "UP", 2)), 2, "edge-eu", "eu-west");

    // When the operator revokes it
    Cli.Run revoked = Cli.run("agents", "revoke", "edge-eu", "-c", platform.config().toString());
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    Map<TopicPartition, Long> before = ResultLog.endOffsets(kafka);

    // Then its very next batch is refused, and nothing reaches the log
    HttpResponse<String> refused = agent.post(agent.batch("api", "UP", 2));
    assertThat(problem(refused, 401).path("detail").asText()).startsWith("agent edge-eu was revoked at ").contains("nothing was written");
    assertThat(ResultLog.endOffsets(kafka)).isEqualTo(before);
    assertThat(Cli.run("agents", "list", "-c", platform.config().toString()).out()).containsPattern("edge-eu +eu-west +\\S+ +20\\d\\d-");
  }

  @Test
  void everyRefusalAnswersItsStatusAndWritesNothing() throws Exception {
    String token = addAgent("edge-eu", "eu-west");
    TestAgent agent = new TestAgent(platform.ingestUrl(), token, "spool-a");
    // Two full batches take the agent's burst of 20
    assertAccepted(agent.post(agent.batch("api", "UP", 10)), 10, "edge-eu", "eu-west");
    assertAccepted(agent.post(agent.batch("api", "UP", 10)), 10, "edge-eu", "eu-west");
    Map<TopicPartition, Long> before = ResultLog.endOffsets(kafka);

    // 429: over its rate, told when to come back
    HttpResponse<String> limited = agent.post(agent.batch("api", "UP", 10));
    assertThat(problem(limited, 429).path("detail").asText()).startsWith("agent edge-eu is over its rate limit; nothing was written");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
    // 400: one bad field, named with its index
    ArrayNode badField = agent.batch("api", "UP", 3);
    ((ObjectNode) badField.get(1)).put("durationMs", -1);
    JsonNode malformed = problem(agent.post(badField), 400);
    assertThat(malformed.path("errors")).isEqualTo(JSON.readTree("[{\"index\":1,\"field\":\"durationMs\",\"detail\":\"must be between 0 and 86400000, got -1\"}]"));
    // 401: no token, a token no agent has
    assertThat(problem(agent.post(agent.batch("api", "UP", 1).toString(), "application/json", null), 401).path("detail").asText())
        .startsWith("send the agent's token");
    assertThat(problem(agent.post(agent.batch("api", "UP", 1).toString(), "application/json", SecretToken.generate().reveal()), 401)
        .path("detail").asText()).startsWith("unknown token");
    // 403: a result for another region
    ArrayNode otherRegion = agent.batch("api", "UP", 2);
    ((ObjectNode) otherRegion.get(1)).put("region", "us-east");
    JsonNode forbidden = problem(agent.post(otherRegion), 403);
    assertThat(forbidden.path("errors").path(0).path("index").asInt()).isEqualTo(1);
    assertThat(forbidden.path("errors").path(0).path("field").asText()).isEqualTo("region");
    // 413: over the size in bytes, and in results
    ArrayNode large = agent.batch("api", "DOWN", 9);
    large.forEach(result -> ((ObjectNode) result).put("errorMessage", "x".repeat(1_900)));
    JsonNode tooLarge = problem(agent.post(large), 413);
    assertThat(tooLarge.path("title").asText()).as("RFC 9110's name for 413").isEqualTo("Content Too Large");
    assertThat(tooLarge.path("detail").asText()).startsWith("the body is ");
    assertThat(problem(agent.post(agent.batch("api", "UP", 11)), 413).path("detail").asText())
        .isEqualTo("the batch holds 11 results; send at most 10 per request; nothing was written");
    // 415: not JSON
    assertThat(problem(agent.post(agent.batch("api", "UP", 1).toString(), "text/plain", token), 415).path("detail").asText())
        .startsWith("Content-Type must be application/json");

    // Nothing of any of them reached the results topic
    assertThat(ResultLog.endOffsets(kafka)).isEqualTo(before);
  }

  @Test
  void aPushUrlThatChecksApplyPrintedRecordsAHeartbeatWhenCurlCallsItAndThePageShowsIt() throws Exception {
    // Given the push URL checks apply printed for the backup job (issued when the check was applied)
    String pushUrl = pushUrlPrintedBy(apply("""
        checks:
          - {id: api, name: Public API, url: "https://api.example.com/health", interval: 30s}
          - {id: backup, name: Nightly backup, type: push, interval: 1m, grace: 1m}
          - {id: report, name: Weekly report, type: push, interval: 7d}
        """), "report");

    // When the job calls it with curl, as written, and again at Uptime Kuma's path with a ping
    assertThat(curl(pushUrl)).isEqualTo("{\"ok\":true}");
    assertThat(curl(pushUrl.replace("/v1/push/", "/api/push/").replace("ping=", "ping=12.5"))).isEqualTo("{\"ok\":true}");

    // Then the live generation counts two heartbeats of the report check, recorded in region push
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(LiveGeneration.counts(dataSource)).isEqualTo(Map.of("report", 2L));
      assertThat(LiveGeneration.regionStatuses(dataSource)).isEqualTo(Map.of("report/push", "UP"));
    });
    // And the API and the page show its last heartbeat; the push check never called shows none
    platform.startWeb();
    JsonNode report = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> platform.json("/api/v1/checks/report").path("check"),
        check -> !check.path("lastCheckedAt").isMissingNode() && !check.path("lastCheckedAt").isNull());
    assertThat(report.path("type").asText()).isEqualTo("push");
    assertThat(report.path("status").asText()).isEqualTo("UP");
    Instant lastHeartbeat = Instant.parse(report.path("lastCheckedAt").asText());
    assertThat(lastHeartbeat).isBetween(Instant.now().minusSeconds(60), Instant.now());
    String page = platform.get("/").body();
    assertThat(page).contains("Last heartbeat <time datetime=\"" + lastHeartbeat + "\">");
    assertThat(page).contains("No heartbeat yet"); // the backup check's
  }

  private Cli.Run apply(String yaml) {
    return Cli.applyChecks(platform.config(), yaml);
  }

  /** The push URL {@code checks apply} printed for a check, once, when it issued its token. */
  private String pushUrlPrintedBy(Cli.Run applied, String checkId) {
    Matcher url = Pattern.compile("^ +" + Pattern.quote(checkId) + ": (\\S+)$", Pattern.MULTILINE).matcher(applied.out());
    assertThat(url.find()).as(applied.out()).isTrue();
    assertThat(url.group(1)).startsWith(platform.ingestUrl() + "/v1/push/").endsWith("?status=up&msg=OK&ping=");
    return url.group(1);
  }

  private static String curl(String url) throws Exception {
    Process curl = new ProcessBuilder("curl", "-fsS", "--max-time", "20", url).redirectErrorStream(true).start();
    String out = new String(curl.getInputStream().readAllBytes()).strip();
    assertThat(curl.waitFor()).as(out).isZero();
    return out;
  }

  private String addAgent(String name, String region) {
    return TestAgent.tokenOf(Cli.run("agents", "add", name, "--region", region, "-c", platform.config().toString()));
  }
}

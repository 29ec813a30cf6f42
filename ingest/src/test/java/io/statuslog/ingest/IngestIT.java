package io.statuslog.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.ingest.kafka.AgentsLog;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.schemas.secret.SecretToken;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.ResultLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest end to end over real HTTP against the real broker. Every refusal is proven to write
 * nothing by counting the committed records of the results topic, before and after.
 */
@ExtendWith(RealServicesExtension.class)
class IngestIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private KafkaSettings kafka;
  private AgentsLog agents;
  private DropwizardTestSupport<IngestConfiguration> ingest;

  @BeforeEach
  void startIngest(RealServices services) throws Exception {
    kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    agents = new AgentsLog(kafka, Clock.systemUTC());
    define(http("api", List.of())); // the check every batch() reports on, probed from every region
    ingest = new DropwizardTestSupport<>(IngestApplication.class, writeConfig(kafka).toString());
    ingest.before();
  }

  private Path writeConfig(KafkaSettings kafka) throws Exception {
    return Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        server:
          applicationConnectors: [{type: http, port: 8080}]
        ingest:
          instanceId: ingest-it-%s
          maxBatchResults: 5
          maxBatchSize: 8KiB
          ackTimeout: 3s
          rateLimit: {perSecond: 0.5, burst: 12}
          pushRateLimit: {perSecond: 0.5, burst: 3}
          server:
            applicationConnectors: [{type: http, port: 0}]
            adminConnectors: [{type: http, port: 0}]
        logging:
          level: INFO
          loggers:
            org.apache.kafka: WARN
            org.eclipse.jetty: WARN
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), UUID.randomUUID().toString().substring(0, 8)));
  }

  @AfterEach
  void stopIngest() {
    if (ingest != null) {
      ingest.after();
    }
  }

  @Test
  void agentsInTwoRegionsWriteWholeBatchesUnderTheRegionAndNameOfTheirTokens() throws Exception {
    // Given two agents in two regions
    String eu = agents.add("eu-1", "eu").token().reveal();
    String us = agents.add("us-1", "us").token().reveal();

    // When each posts a batch (one repeating its region, as it may)
    HttpResponse<String> fromEu = postResults(eu, batch("spool-eu", 1, 3));
    ArrayNode usBatch = batch("spool-us", 1, 2);
    ((ObjectNode) usBatch.get(0)).put("region", "us");
    HttpResponse<String> fromUs = postResults(us, usBatch);

    // Then 202 with the counts, and the log holds every result under the token's region and agent
    assertThat(fromEu.statusCode()).as(fromEu.body()).isEqualTo(202);
    assertThat(JSON.readTree(fromEu.body())).isEqualTo(JSON.readTree("{\"accepted\":3,\"agent\":\"eu-1\",\"region\":\"eu\"}"));
    assertThat(fromUs.statusCode()).as(fromUs.body()).isEqualTo(202);
    List<CheckResult> log = ResultLog.readAll(kafka);
    assertThat(log).hasSize(5);
    assertThat(log).filteredOn(r -> r.getRegion().equals("eu")).hasSize(3).allSatisfy(r -> {
      assertThat(r.getAgent()).isEqualTo("eu-1");
      assertThat(r.getSpoolId()).isEqualTo("eu-1/spool-eu");
    });
    assertThat(log).filteredOn(r -> r.getRegion().equals("us")).hasSize(2).allSatisfy(r -> assertThat(r.getAgent()).isEqualTo("us-1"));
  }

  @Test
  void everyRefusalIsProblemJsonWithItsStatusAndWritesNothing() throws Exception {
    String token = agents.add("eu-1", "eu").token().reveal();
    String valid = batch("spool-a", 1, 2).toString();

    // No token, an unknown one
    assertProblem(post("/v1/results", null, "application/json", valid), 401, "send the agent's token: Authorization: Bearer <token> (statuslog agents add prints it)");
    HttpResponse<String> unknown = post("/v1/results", SecretToken.generate().reveal(), "application/json", valid);
    assertProblem(unknown, 401, "unknown token: no agent has it (revoked and added again, it gets a new one); nothing was written");
    assertThat(unknown.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"statuslog-ingest\", error=\"invalid_token\"");
    // The wrong content type
    assertProblem(post("/v1/results", token, "text/plain", valid), 415, "Content-Type must be application/json, got text/plain; nothing was written");
    // Too large, in bytes and in results
    assertProblem(post("/v1/results", token, "application/json", "[" + " ".repeat(9_000) + "]"), 413,
        "the body is 9002 bytes; send at most 8192 per request; nothing was written");
    assertProblem(post("/v1/results", token, "application/json", batch("spool-a", 1, 6).toString()), 413,
        "the batch holds 6 results; send at most 5 per request; nothing was written");
    // Malformed: not JSON, and one bad field among good results
    assertThat(problem(post("/v1/results", token, "application/json", "[{\"resultId\": "), 400).path("detail").asText())
        .startsWith("the body is not valid JSON: Unexpected end-of-input");
    // A field given twice: which one counts would be a guess
    String twice = valid.replaceFirst("\"outcome\":\"UP\"", "\"outcome\":\"UP\",\"outcome\":\"DOWN\"");
    assertThat(twice).isNotEqualTo(valid);
    assertThat(problem(post("/v1/results", token, "application/json", twice), 400).path("detail").asText())
        .startsWith("the body is not valid JSON: Duplicate field 'outcome' at line 1, column ");
    ArrayNode badField = batch("spool-a", 1, 3);
    ((ObjectNode) badField.get(2)).put("durationMs", -5);
    JsonNode malformed = problem(post("/v1/results", token, "application/json", badField.toString()), 400);
    assertThat(malformed.path("detail").asText()).isEqualTo("[2].durationMs: must be between 0 and 86400000, got -5; nothing was written");
    assertThat(malformed.path("errors")).isEqualTo(JSON.readTree("[{\"index\":2,\"field\":\"durationMs\",\"detail\":\"must be between 0 and 86400000, got -5\"}]"));
    // Another region
    ArrayNode otherRegion = batch("spool-a", 1, 2);
    ((ObjectNode) otherRegion.get(1)).put("region", "us");
    JsonNode forbidden = problem(post("/v1/results", token, "application/json", otherRegion.toString()), 403);
    assertThat(forbidden.path("errors").path(0).path("index").asInt()).isEqualTo(1);
    assertThat(forbidden.path("errors").path(0).path("field").asText()).isEqualTo("region");
    // A check this region does not probe: set aside by the agent (400), not a reason to stop delivering (403)
    define(http("us-only", List.of("us")));
    ArrayNode otherRegionsCheck = batch("spool-a", 1, 2);
    ((ObjectNode) otherRegionsCheck.get(0)).put("checkId", "us-only");
    assertProblem(post("/v1/results", token, "application/json", otherRegionsCheck.toString()), 400,
        "[0].checkId: \"us-only\" is probed from us, not from this token's region \"eu\"; nothing was written");

    // A path Jetty refuses before any resource sees it: problem+json too, not Jetty's HTML page
    assertProblem(post("/v1/push/..%2F..%2Fv1%2Fresults", token, "application/json", valid), 400, "Ambiguous URI path separator; nothing was written");

    // Nothing of it reached the log
    assertThat(ResultLog.readAll(kafka)).isEmpty();

    // Over its rate: a burst of 12 results, then 429 with Retry-After, and the refused batch is not written
    assertThat(postResults(token, batch("spool-a", 1, 5)).statusCode()).isEqualTo(202);
    assertThat(postResults(token, batch("spool-a", 6, 5)).statusCode()).isEqualTo(202);
    HttpResponse<String> limited = postResults(token, batch("spool-a", 11, 5));
    assertThat(problem(limited, 429).path("detail").asText()).startsWith("agent eu-1 is over its rate limit; nothing was written; post the same batch again in ");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 10L);
    assertThat(ResultLog.readAll(kafka)).hasSize(10);
  }

  @Test
  void aRevokedTokenIsRefusedByTheNextRequestAndAJustAddedAgentIsLetIn() throws Exception {
    // Given an agent that posted
    String token = agents.add("eu-1", "eu").token().reveal();
    assertThat(postResults(token, batch("spool-a", 1, 2)).statusCode()).isEqualTo(202);

    // When it is revoked, the very next request is refused and writes nothing
    agents.revoke("eu-1");
    HttpResponse<String> refused = postResults(token, batch("spool-a", 3, 2));
    assertThat(problem(refused, 401).path("detail").asText()).startsWith("agent eu-1 was revoked at ").contains("nothing was written");
    assertThat(ResultLog.readAll(kafka)).hasSize(2);

    // When it is added again, its new token works at once and the old one stays refused
    String fresh = agents.add("eu-1", "eu").token().reveal();
    assertThat(postResults(fresh, batch("spool-a", 3, 2)).statusCode()).isEqualTo(202);
    assertThat(postResults(token, batch("spool-a", 5, 1)).statusCode()).isEqualTo(401);
    assertThat(ResultLog.readAll(kafka)).hasSize(4);
  }

  @Test
  void aBatchTooLargeForOneLogRecordIsAnswered413AndNothingOfItIsWritten() throws Exception {
    // Given ingest with its body and batch limits raised past what one log record holds
    ingest.after();
    Path config = writeConfig(kafka);
    Files.writeString(config, Files.readString(config)
        .replace("maxBatchResults: 5", "maxBatchResults: 1000")
        .replace("maxBatchSize: 8KiB", "maxBatchSize: 4MiB")
        .replace("rateLimit: {perSecond: 0.5, burst: 12}", "rateLimit: {perSecond: 1000, burst: 2000}"));
    ingest = new DropwizardTestSupport<>(IngestApplication.class, config.toString());
    ingest.before();
    String token = agents.add("eu-1", "eu").token().reveal();
    // and a batch within them whose results, with long error messages, come to over 1 MB
    ArrayNode batch = batch("spool-a", 1, 600);
    batch.forEach(result -> ((ObjectNode) result).put("outcome", "DOWN").put("errorMessage", "x".repeat(1_900)));
    Map<TopicPartition, Long> before = ResultLog.endOffsets(kafka);

    // When it is posted
    HttpResponse<String> response = postResults(token, batch);

    // Then 413, naming the record's size and what to do, and no partition moved
    assertThat(problem(response, 413).path("detail").asText())
        .matches("as one log record the batch is 1\\d{6} bytes, over the 1000000 a record may hold; send fewer results per request; nothing was written");
    assertThat(ResultLog.endOffsets(kafka)).isEqualTo(before);
    // and the same results in two batches go through
    assertThat(postResults(token, slice(batch, 0, 300)).statusCode()).isEqualTo(202);
    assertThat(postResults(token, slice(batch, 300, 600)).statusCode()).isEqualTo(202);
    assertThat(ResultLog.readAll(kafka)).hasSize(600);
  }

  private static ArrayNode slice(ArrayNode batch, int from, int to) {
    ArrayNode slice = JSON.createArrayNode();
    for (int i = from; i < to; i++) {
      slice.add(batch.get(i));
    }
    return slice;
  }

  @Test
  void whenKafkaRefusesTheBatchItIsAnswered503AndNothingOfItIsWritten() throws Exception {
    String token = agents.add("eu-1", "eu").token().reveal();
    assertThat(postResults(token, batch("spool-a", 1, 1)).statusCode()).isEqualTo(202);

    // Given a results topic that refuses records over 2000 bytes, and a batch of small results,
    // one of them with a long error message
    setTopicConfig("max.message.bytes", "2000");
    ArrayNode batch = batch("spool-a", 2, 4);
    ((ObjectNode) batch.get(3)).put("outcome", "DOWN").put("errorMessage", "x".repeat(1_900));
    Map<TopicPartition, Long> before = ResultLog.endOffsets(kafka);

    // When it is posted
    HttpResponse<String> response = postResults(token, batch);

    // Then 503, saying nothing was written, with Retry-After, and no partition moved: the batch
    // is one record, refused whole
    assertThat(problem(response, 503).path("detail").asText())
        .startsWith("Kafka did not take the results (RecordTooLargeException").contains("nothing was written; post the same batch again");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(ResultLog.endOffsets(kafka)).isEqualTo(before);
    assertThat(ResultLog.readAll(kafka)).hasSize(1);

    // When the topic takes such records again, the same batch goes through whole
    setTopicConfig("max.message.bytes", "1048588");
    assertThat(postResults(token, batch).statusCode()).isEqualTo(202);
    assertThat(ResultLog.readAll(kafka)).hasSize(5);
  }

  @Test
  void whenTheBrokerIsGoneTheAnswerIs503AndNothingIsWritten() throws Exception {
    // Given ingest on a broker of this test's own, and an agent that posted
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    io.statuslog.embedded.EmbeddedKafka broker = io.statuslog.embedded.EmbeddedKafka.start(dir.resolve("own-kafka"), port);
    try {
      ingest.after();
      kafka = KafkaSettings.of(broker.bootstrapServers(), "gone");
      TopicAdmin.ensureTopics(kafka);
      agents = new AgentsLog(kafka, Clock.systemUTC());
      define(http("api", List.of()));
      ingest = new DropwizardTestSupport<>(IngestApplication.class, writeConfig(kafka).toString());
      ingest.before();
      String token = agents.add("eu-1", "eu").token().reveal();
      assertThat(postResults(token, batch("spool-a", 1, 2)).statusCode()).isEqualTo(202);

      // When the broker goes away
      broker.close();
      HttpResponse<String> response = postResults(token, batch("spool-a", 3, 2));

      // Then 503 within the ack timeout, nothing written; the health check says why
      assertThat(problem(response, 503).path("detail").asText()).startsWith("Kafka c").contains("nothing was written");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingest.getAdminPort() + "/healthcheck")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(500);
      assertThat(health.body()).contains("cannot read the log");

      // And once it is back, the log holds the first batch only, and the retried one goes through
      broker = io.statuslog.embedded.EmbeddedKafka.start(dir.resolve("own-kafka"), port);
      assertThat(ResultLog.readAll(kafka)).hasSize(2);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> postResults(token, batch("spool-a", 3, 2)).statusCode() == 202);
      assertThat(ResultLog.readAll(kafka)).hasSize(4);
    } finally {
      ingest.after();
      ingest = null;
      broker.close();
    }
  }

  @Test
  void anAgentGetsItsRegionsChecksWithAnETagAndALongPollAnswersAsSoonAsTheyChange() throws Exception {
    String token = agents.add("eu-1", "eu").token().reveal();
    define(http("everywhere", List.of()), http("eu-only", List.of("eu")), http("us-only", List.of("us")));

    HttpResponse<String> first = get("/v1/agent/checks", token, null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode checks = JSON.readTree(first.body());
    assertThat(checks.path("region").asText()).isEqualTo("eu");
    assertThat(checks.path("checks").findValuesAsText("checkId")).containsExactly("api", "eu-only", "everywhere");
    assertThat(checks.path("checks").path(1).path("intervalMs").asLong()).isEqualTo(30_000);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    // Nothing changed: 304, at once and after a short long poll
    assertThat(get("/v1/agent/checks", token, etag).statusCode()).isEqualTo(304);
    long started = System.nanoTime();
    assertThat(get("/v1/agent/checks?wait=1s", token, etag).statusCode()).isEqualTo(304);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

    // A change in another region leaves the long poll waiting; one in its own answers it
    CompletableFuture<HttpResponse<String>> polling = http.sendAsync(request("/v1/agent/checks?wait=30s", token).header("If-None-Match", etag).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    define(http("us-only", List.of("us", "ap")));
    Thread.sleep(1_000);
    assertThat(polling).isNotDone();
    started = System.nanoTime();
    define(CheckDefinition.newBuilder(http("eu-only", List.of("eu"))).setIntervalMs(10_000).build());
    HttpResponse<String> changed = polling.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    assertThat(JSON.readTree(changed.body()).path("checks").path(1).path("intervalMs").asLong()).isEqualTo(10_000);

    assertThat(problem(get("/v1/agent/checks", null, null), 401).path("detail").asText()).startsWith("send the agent's token");
    assertThat(problem(get("/v1/agent/checks?wait=5m", token, null), 400).path("detail").asText()).isEqualTo("wait: at most 60s, got 5m");
  }

  @Test
  void aPushUrlRecordsAHeartbeatAtItsOwnPathAndAtUptimeKumasWithCurlAndHttpClient() throws Exception {
    // Given a push check applied a moment ago
    String token = SecretToken.generate().reveal();
    define(push("backup", token));

    // When a cron job calls its URL the way Kuma's docs write it (curl, GET, empty ping), and another POSTs
    Process curl = new ProcessBuilder("curl", "-fsS", base() + "/api/push/" + token + "?status=up&msg=OK&ping=").redirectErrorStream(true).start();
    String curlOut = new String(curl.getInputStream().readAllBytes());
    assertThat(curl.waitFor()).as(curlOut).isZero();
    HttpResponse<String> down = http.send(request("/v1/push/" + token + "?status=down&msg=disk%20full&ping=12.4", null)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> get = http.send(request("/v1/push/" + token, null).GET().build(), HttpResponse.BodyHandlers.ofString());

    // Then Kuma's answer, and one result per call, recorded in region push
    assertThat(JSON.readTree(curlOut)).isEqualTo(JSON.readTree("{\"ok\":true}"));
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(get.statusCode()).isEqualTo(200);
    List<CheckResult> log = ResultLog.readAll(kafka);
    assertThat(log).hasSize(3).allSatisfy(result -> {
      assertThat(result.getCheckId()).isEqualTo("backup");
      assertThat(result.getRegion()).isEqualTo("push");
      assertThat(result.getStartedAt()).isAfter(Instant.now().minusSeconds(60));
    });
    assertThat(log).filteredOn(result -> result.getOutcome().name().equals("DOWN")).singleElement().satisfies(result -> {
      assertThat(result.getErrorMessage()).isEqualTo("disk full");
      assertThat(result.getDurationMs()).isEqualTo(12);
    });

    // And what is refused is answered in Kuma's shape and writes nothing
    HttpResponse<String> unknown = http.send(request("/api/push/not-a-token", null).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("ok").asBoolean(true)).isFalse();
    HttpResponse<String> badPing = http.send(request("/api/push/" + token + "?ping=fast", null).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badPing.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badPing.body()).path("msg").asText()).startsWith("ping must be a number of milliseconds");
    HttpResponse<String> limited = http.send(request("/v1/push/" + token, null).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(limited.statusCode()).as("a burst of 3").isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(ResultLog.readAll(kafka)).hasSize(3);
  }

  private String base() {
    return "http://localhost:" + ingest.getLocalPort();
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(40));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private HttpResponse<String> postResults(String token, ArrayNode batch) throws Exception {
    return post("/v1/results", token, "application/json", batch.toString());
  }

  private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
    return http.send(request(path, token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token, String ifNoneMatch) throws Exception {
    HttpRequest.Builder request = request(path, token).GET();
    if (ifNoneMatch != null) {
      request.header("If-None-Match", ifNoneMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    return problem;
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
    assertThat(problem(response, status).path("detail").asText()).isEqualTo(detail);
  }

  /** Results numbered {@code from}, {@code from + 1}, ... by one spool, started a moment ago. */
  static ArrayNode batch(String spool, long from, int count) {
    ArrayNode batch = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      batch.addObject()
          .put("resultId", spool + "-" + (from + i))
          .put("spoolId", spool)
          .put("sequence", from + i)
          .put("checkId", "api")
          .put("startedAt", Instant.now().minusSeconds(5).toString())
          .put("durationMs", 42)
          .put("outcome", "UP")
          .put("httpStatus", 200);
    }
    return batch;
  }

  private void define(CheckDefinition... definitions) {
    try (var producer = new KafkaProducer<>(kafka.producerProperties("it-definitions"), new StringSerializer(),
        kafka.topics().checkDefinitions().valueSerde().serializer())) {
      for (CheckDefinition definition : definitions) {
        producer.send(new ProducerRecord<>(kafka.topics().checkDefinitions().name(), definition.getCheckId(), definition));
      }
    }
  }

  private static CheckDefinition http(String id, List<String> regions) {
    return CheckDefinition.newBuilder().setCheckId(id).setName(id).setUrl("https://example.com/" + id).setIntervalMs(30_000).setTimeoutMs(5_000)
        .setRegions(regions).build();
  }

  private static CheckDefinition push(String id, String token) {
    return CheckDefinition.newBuilder().setCheckId(id).setName(id).setUrl("push:" + id).setIntervalMs(60_000).setTimeoutMs(10_000)
        .setType(CheckType.PUSH).setGraceMs(60_000L).setPushTokenHash(SecretToken.hash(token)).build();
  }

  private void setTopicConfig(String name, String value) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topics().checkResults().name());
      admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET))))
          .all().get(30, TimeUnit.SECONDS);
      // The broker applies a topic's new config a moment after the controller took it.
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> value.equals(
          admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic).get(name).value()));
    }
  }
}

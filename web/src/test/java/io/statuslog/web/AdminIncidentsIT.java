package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import io.statuslog.web.kafka.IncidentPublisher;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API against real Kafka: decisions are made against the log, not the page's snapshot
 * (no projector runs here, so the snapshot never shows an incident), and every refused request
 * writes nothing, proven by counting the records on the incidents topic.
 */
@ExtendWith(RealServicesExtension.class)
class AdminIncidentsIT {
  private static final String TOKEN = "it-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<DropwizardTestSupport<WebConfiguration>> webs = new ArrayList<>();
  private KafkaSettings kafka;
  private TestDatabase database;
  private String web;

  @BeforeEach
  void startWebOnFreshTopics(RealServices services) throws Exception {
    kafka = services.newKafka();
    database = services.newDatabase();
    TopicAdmin.ensureTopics(kafka);
    define("api", "Core");
    define("db", "Database");
    web = startWeb(kafka.bootstrapServers(), "web-1");
  }

  @AfterEach
  void stopWebs() {
    webs.forEach(DropwizardTestSupport::after);
  }

  @Test
  void anIncidentOpenedOnOneReplicaCanBeResolvedOnAnotherAtOnceAndOnlyOnce() throws Exception {
    // Given a second replica that has never served a request
    String otherReplica = startWeb(kafka.bootstrapServers(), "web-2");

    // When an incident is opened on one and resolved on the other straight away
    HttpResponse<String> opened = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Core\"]}");
    String id = JSON.readTree(opened.body()).path("incidentId").asText();
    HttpResponse<String> resolved = post(otherReplica, "/api/v1/admin/incidents/" + id + "/resolve", "{\"text\":\"Fixed\"}");

    // Then both are accepted, and the log holds exactly the two events
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
    assertThat(incidentRecords()).hasSize(2);

    // When it is resolved again, or updated, on either replica
    HttpResponse<String> again = post(web, "/api/v1/admin/incidents/" + id + "/resolve", "{}");
    HttpResponse<String> update = post(otherReplica, "/api/v1/admin/incidents/" + id + "/updates", "{\"text\":\"More\"}");

    // Then 409, and nothing new on the topic
    assertProblem(again, 409, "incident '" + id + "' is already resolved");
    assertProblem(update, 409, "incident '" + id + "' is already resolved");
    assertThat(incidentRecords()).hasSize(2);
  }

  @Test
  void anUnknownIncidentIs404AndWritesNothing() throws Exception {
    HttpResponse<String> update = post(web, "/api/v1/admin/incidents/inc-nope/updates", "{\"text\":\"Still looking\"}");
    HttpResponse<String> resolve = post(web, "/api/v1/admin/incidents/inc-nope/resolve", "{}");

    assertProblem(update, 404, "no incident with id 'inc-nope'");
    assertProblem(resolve, 404, "no incident with id 'inc-nope'");
    assertThat(incidentRecords()).isEmpty();
  }

  @Test
  void theSameIdempotencyKeyTwiceWritesOnceAndAnswersTheSameBody() throws Exception {
    String open = "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Core\"],\"text\":\"Investigating\"}";

    // When the same open is sent twice with one key, the second time with its JSON spelled otherwise
    HttpResponse<String> first = post(web, "/api/v1/admin/incidents", open, "open-1");
    HttpResponse<String> retry = post(web, "/api/v1/admin/incidents", "{\"text\":\"Investigating\",\"severity\":\"major\",\"title\":\"API errors\",\"affectedComponents\":[\"Core\"]}", "open-1");

    // Then one record, carrying the key, and the same body twice
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    assertThat(JSON.readTree(retry.body())).isEqualTo(JSON.readTree(first.body()));
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    List<ConsumerRecord<String, IncidentEvent>> records = incidentRecords();
    assertThat(records).hasSize(1);
    assertThat(header(records.get(0), IncidentPublisher.IDEMPOTENCY_KEY_HEADER)).isEqualTo("open-1");

    // When a resolve is retried with its key, on this replica and on one started after the write
    String id = JSON.readTree(first.body()).path("incidentId").asText();
    HttpResponse<String> resolved = post(web, "/api/v1/admin/incidents/" + id + "/resolve", "{\"text\":\"Fixed\"}", "resolve-1");
    HttpResponse<String> resolvedAgain = post(web, "/api/v1/admin/incidents/" + id + "/resolve", "{\"text\":\"Fixed\"}", "resolve-1");
    String restarted = startWeb(kafka.bootstrapServers(), "web-2");
    HttpResponse<String> resolvedElsewhere = post(restarted, "/api/v1/admin/incidents/" + id + "/resolve", "{\"text\":\"Fixed\"}", "resolve-1");

    // Then the first answer each time, not 409, and still one resolve in the log
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
    assertThat(resolvedAgain.statusCode()).as(resolvedAgain.body()).isEqualTo(202);
    assertThat(resolvedElsewhere.statusCode()).as(resolvedElsewhere.body()).isEqualTo(202);
    assertThat(JSON.readTree(resolvedAgain.body())).isEqualTo(JSON.readTree(resolved.body()));
    assertThat(JSON.readTree(resolvedElsewhere.body())).isEqualTo(JSON.readTree(resolved.body()));
    assertThat(incidentRecords()).hasSize(2);
  }

  @Test
  void anIdempotencyKeyReusedForAnotherRequestIs422AndWritesNothing() throws Exception {
    HttpResponse<String> first = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\"}", "key-1");
    String id = JSON.readTree(first.body()).path("incidentId").asText();

    HttpResponse<String> otherTitle = post(web, "/api/v1/admin/incidents", "{\"title\":\"DB errors\",\"severity\":\"MAJOR\"}", "key-1");
    HttpResponse<String> otherAction = post(web, "/api/v1/admin/incidents/" + id + "/resolve", "{}", "key-1");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertProblem(otherTitle, 422, "Idempotency-Key: 'key-1' was already used for a different request (incident '" + id + "'); send a new key with a new request");
    assertThat(otherAction.statusCode()).isEqualTo(422);
    assertThat(incidentRecords()).hasSize(1);
  }

  @Test
  void controlCharactersAre400NamingTheFieldAndWriteNothing() throws Exception {
    HttpResponse<String> nulInText = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"text\":\"Investigating\\u0000\"}");
    HttpResponse<String> bellInTitle = post(web, "/api/v1/admin/incidents", "{\"title\":\"API\\u0007errors\",\"severity\":\"MAJOR\"}");
    HttpResponse<String> lineBreaksInText = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"text\":\"One\\r\\n\\tTwo\"}");
    String id = JSON.readTree(lineBreaksInText.body()).path("incidentId").asText();
    HttpResponse<String> nulInUpdate = post(web, "/api/v1/admin/incidents/" + id + "/updates", "{\"text\":\"\\u0000\"}");

    assertProblem(nulInText, 400, "text: control character U+0000 at position 13 is not allowed");
    assertProblem(bellInTitle, 400, "title: control character U+0007 at position 3 is not allowed");
    assertProblem(nulInUpdate, 400, "text: control character U+0000 at position 0 is not allowed");
    assertThat(lineBreaksInText.statusCode()).as(lineBreaksInText.body()).isEqualTo(202);
    assertThat(incidentRecords()).extracting(record -> record.value().getText()).containsExactly("One\r\n\tTwo");
  }

  @Test
  void aFieldGivenTwiceIs400AndWritesNothing() throws Exception {
    HttpResponse<String> twoTitles = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\",\"title\":\"DB errors\"}");

    assertThat(twoTitles.statusCode()).as(twoTitles.body()).isEqualTo(400);
    assertThat(JSON.readTree(twoTitles.body()).path("detail").asText()).startsWith("request body is not valid JSON: Duplicate field 'title'");
    assertThat(incidentRecords()).isEmpty();
  }

  @Test
  void aMisspeltFieldIs400NamingTheKnownOnesAndWritesNothing() throws Exception {
    HttpResponse<String> misspelt = post(web, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severty\":\"MAJOR\"}");

    assertProblem(misspelt, 400, "severty: unknown field; known fields are affectedComponents, severity, text, title; nothing was written");
    assertThat(incidentRecords()).isEmpty();
  }

  @Test
  void aPathJettyRefusesBeforeAnyResourceIsProblemJsonAndWritesNothing() throws Exception {
    HttpResponse<String> dotDot = post(web, "/api/v1/admin/incidents/..%2F..%2Fincidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\"}");

    assertProblem(dotDot, 400, "Ambiguous URI path separator; nothing was written");
    assertProblem(get(web, "/api/v1/checks/%00"), 400, "Bad Request; nothing was written");
    assertProblem(http.send(HttpRequest.newBuilder(URI.create(web + "/")).DELETE().build(), HttpResponse.BodyHandlers.ofString()), 405,
        "Http method DELETE is not supported by this URL; nothing was written");
    assertThat(incidentRecords()).isEmpty();
  }

  @Test
  void anUnknownComponentIs400ListingTheKnownOnesAndWritesNothing() throws Exception {
    HttpResponse<String> typo = post(web, "/api/v1/admin/incidents", "{\"title\":\"DB errors\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Core\",\"Databse\"]}");
    // A check removed (tombstone) takes its component with it.
    remove("db");
    HttpResponse<String> removed = post(web, "/api/v1/admin/incidents", "{\"title\":\"DB errors\",\"severity\":\"MAJOR\",\"affectedComponents\":[\"Database\"]}");

    assertProblem(typo, 400, "affectedComponents: 'Databse' is not a known component; known: Core, Database");
    assertProblem(removed, 400, "affectedComponents: 'Database' is not a known component; known: Core");
    assertThat(incidentRecords()).isEmpty();
  }

  @Test
  void withKafkaUnreachableTheAdminApiIs503AndThePageStillServes() throws Exception {
    // Given a web tier started with nothing listening at its Kafka address
    String offline = startWeb("127.0.0.1:" + freePort(), "web-offline");

    // When an incident is opened through it
    HttpResponse<String> opened = post(offline, "/api/v1/admin/incidents", "{\"title\":\"API errors\",\"severity\":\"MAJOR\"}", "key-1");

    // Then 503 problem+json, and the page is served all the same
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(503);
    assertThat(opened.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(JSON.readTree(opened.body()).path("detail").asText()).startsWith("Kafka cannot be read").contains("nothing was written");
    assertThat(get(offline, "/").statusCode()).isEqualTo(200);
    assertThat(get(offline, "/api/v1/summary").statusCode()).isEqualTo(200);
  }

  private String startWeb(String bootstrapServers, String name) throws Exception {
    Path config = Files.writeString(dir.resolve(name + ".yml"), """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
        web:
          adminToken: %s
          refreshEvery: 1s
        server:
          applicationConnectors: [{type: http, port: 0}]
          adminConnectors: [{type: http, port: 0}]
        """.formatted(bootstrapServers, kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password(), TOKEN));
    DropwizardTestSupport<WebConfiguration> support = new DropwizardTestSupport<>(WebApplication.class, config.toString());
    support.before();
    webs.add(support);
    return "http://localhost:" + support.getLocalPort();
  }

  private void define(String checkId, String component) {
    Topic<String, CheckDefinition> topic = kafka.topics().checkDefinitions();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("it-definitions"), new StringSerializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), checkId, CheckDefinition.newBuilder()
          .setCheckId(checkId).setName("Check " + checkId).setComponent(component).setUrl("http://localhost/" + checkId).setIntervalMs(30_000).setTimeoutMs(5_000)
          .build()));
    }
  }

  private void remove(String checkId) {
    Topic<String, CheckDefinition> topic = kafka.topics().checkDefinitions();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("it-definitions"), new StringSerializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), checkId, null));
    }
  }

  /** Every record on the incidents topic, read from the beginning to the end offsets as of now. */
  private List<ConsumerRecord<String, IncidentEvent>> incidentRecords() {
    Topic<String, IncidentEvent> topic = kafka.topics().incidents();
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("it-count"), new StringDeserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      List<ConsumerRecord<String, IncidentEvent>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        assertThat(System.nanoTime()).as("read the incidents topic to its end").isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }

  private HttpResponse<String> post(String base, String path, String body) throws Exception {
    return http.send(request(base, path, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String base, String path, String body, String idempotencyKey) throws Exception {
    return http.send(request(base, path, body).header("Idempotency-Key", idempotencyKey).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String base, String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(60));
  }

  private HttpResponse<String> get(String base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isEqualTo(detail);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

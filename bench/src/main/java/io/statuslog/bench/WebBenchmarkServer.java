package io.statuslog.bench;

import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.web.WebApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The server side of bench/web.sh: a real platform (embedded Kafka and PostgreSQL, projector,
 * web tier) holding 50 checks with 90 days of history, and the page's bytes saved for nginx
 * to serve as the baseline. Prints "READY" and runs until killed.
 *
 * <p>Arguments: work dir, web port.
 */
public final class WebBenchmarkServer {
  private static final int CHECKS = 50;

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0);
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), 0);
    KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), "bench", 3, (short) 1, Map.of());
    TopicAdmin.ensureTopics(kafka);
    writeHistory(kafka);
    Path config = Files.writeString(work.resolve("statuslog.yml"), """
        kafka: {bootstrapServers: "%s", topicPrefix: bench}
        database: {driverClass: org.postgresql.Driver, url: "%s", user: postgres, password: ""}
        web: {snapshotFile: "%s", refreshEvery: 5s}
        server:
          applicationConnectors: [{type: http, port: %d}]
          adminConnectors: [{type: http, port: 0}]
          requestLog: {appenders: []}
        logging: {level: WARN}
        """.formatted(broker.bootstrapServers(), postgres.jdbcUrl(), work.resolve("snapshot.json"), port));
    ProjectorService.start(new ProjectorConfiguration(kafka, null, null),
        Databases.unpooled(postgres.jdbcUrl(), postgres.user(), postgres.password()), ProjectorLoop.Observer.NONE);
    new WebApplication().run("server", config.toString());

    HttpClient http = HttpClient.newHttpClient();
    String page = "";
    for (int attempt = 0; attempt < 240; attempt++) {
      String summary = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/summary")).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (summary.contains("\"stale\":false") && summary.split("\"id\":\"check-", -1).length - 1 == CHECKS && !summary.contains("\"uptime90d\":null")) {
        page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        break;
      }
      Thread.sleep(500);
    }
    if (page.isEmpty()) {
      throw new IllegalStateException("the page never showed the " + CHECKS + " checks");
    }
    Files.writeString(work.resolve("html").resolve("index.html"), page);
    System.out.println("READY page bytes=" + page.length());
  }

  /** 50 checks, each probed every 15 minutes for 90 days, about 1% of probes down. */
  private static void writeHistory(KafkaSettings kafka) {
    Instant now = Instant.now();
    try (var definitions = new KafkaProducer<>(kafka.producerProperties("bench"), new StringSerializer(), kafka.topics().checkDefinitions().valueSerde().serializer());
        var results = new KafkaProducer<>(kafka.producerProperties("bench"), new StringSerializer(), kafka.topics().checkResults().valueSerde().serializer())) {
      for (int c = 0; c < CHECKS; c++) {
        String id = "check-" + c;
        definitions.send(new ProducerRecord<>(kafka.topics().checkDefinitions().name(), id, CheckDefinition.newBuilder()
            .setCheckId(id).setName("Service " + c).setComponent("Component " + (c / 10)).setUrl("http://example.invalid/" + c)
            .setIntervalMs(15 * 60_000L).setTimeoutMs(5_000).build()));
        for (Instant at = now.minus(Duration.ofDays(90)); at.isBefore(now); at = at.plus(Duration.ofMinutes(15))) {
          long n = at.getEpochSecond() / 900 + c;
          results.send(new ProducerRecord<>(kafka.topics().checkResults().name(), id, CheckResult.newBuilder()
              .setCheckId(id).setStartedAt(at).setDurationMs(40 + n % 200).setOutcome(n % 97 == 0 ? Outcome.DOWN : Outcome.UP).setHttpStatus(200).build()));
        }
      }
    }
  }
}

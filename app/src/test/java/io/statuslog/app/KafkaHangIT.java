package io.statuslog.app;

import static io.statuslog.app.TestAgent.assertAccepted;
import static io.statuslog.app.TestAgent.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.statuslog.projector.db.Databases;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka that does not answer, rather than one that is gone: the broker, a process of its own, is
 * frozen with SIGSTOP, so its connections stay open and nothing comes back on them. Ingest must
 * not wait with it: an agent's batch is answered 503 within a few seconds (ingest.ackTimeout is
 * 3 s here), saying that the batch may or may not be recorded (the request that carried it may
 * reach the broker when it thaws), and the same batch posted once the broker answers again goes
 * through and counts once, whether the first post reached the log or not.
 */
@ExtendWith(RealServicesExtension.class)
class KafkaHangIT {
  @TempDir Path dir;

  @Test
  void whileKafkaDoesNotAnswerABatchIsAnswered503InTimeAndCountsOnceWhenPostedAgain(RealServices services) throws Exception {
    int port = freePort();
    Process broker = ChildJvm.start(BrokerProcess.class, "kafka-hang-broker.log", ChildJvm.QUICK_START, dir.resolve("kafka").toString(), String.valueOf(port));
    KafkaSettings kafka = KafkaSettings.of("localhost:" + port, "hang");
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    try (TestPlatform platform = new TestPlatform(dir, kafka, database.jdbcUrl(), database.user(), database.password())) {
      awaitBroker(kafka);
      // Given an agent whose first batch went through
      Cli.applyChecks(platform.config(), "checks:\n  - {id: api, name: API, url: \"https://api.example.com/\", interval: 30s}\n");
      platform.startProjector().startIngest();
      String token = TestAgent.tokenOf(Cli.run("agents", "add", "edge-eu", "--region", "eu-west", "-c", platform.config().toString()));
      TestAgent agent = new TestAgent(platform.ingestUrl(), token, "spool-a");
      assertAccepted(agent.post(agent.batch("api", "UP", 2)), 2, "edge-eu", "eu-west");

      // When the broker stops answering and the agent posts its next batch
      signal(broker, "STOP");
      ArrayNode batch = agent.batch("api", "DOWN", 3);
      long started = System.nanoTime();
      HttpResponse<String> response = agent.post(batch);
      Duration answeredIn = Duration.ofNanos(System.nanoTime() - started);
      signal(broker, "CONT");

      // Then it was answered 503 within a few ack timeouts, and told to try again: refused before
      // anything was sent (the log could not be read), or sent and not acknowledged
      assertThat(problem(response, 503).path("detail").asText()).satisfiesAnyOf(
          detail -> assertThat(detail).startsWith("Kafka could not be read").contains("nothing was written; try again"),
          detail -> assertThat(detail).startsWith("Kafka did not acknowledge the results").contains("may or may not be recorded; post the same batch again"));
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(answeredIn).isLessThan(Duration.ofSeconds(10));

      // When it posts the same batch again, with the broker answering, it goes through and counts once
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> agent.post(batch).statusCode() == 202);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(LiveGeneration.counts(dataSource)).isEqualTo(Map.of("api", 5L)));
    } finally {
      signal(broker, "CONT");
      broker.destroyForcibly().waitFor();
    }
  }

  private static void awaitBroker(KafkaSettings kafka) {
    await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
      }
    });
  }

  private static void signal(Process process, String signal) throws Exception {
    if (process.isAlive()) {
      new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

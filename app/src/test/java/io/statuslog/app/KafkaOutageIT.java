package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker goes away under the running platform and comes back: the page answers 200
 * throughout, the checker keeps probing into its spool, and afterwards the read model holds
 * exactly what the log holds. Uses a broker of its own so it can stop it.
 */
@ExtendWith(RealServicesExtension.class)
class KafkaOutageIT {
  @TempDir Path dir;

  @Test
  void thePageAnswersThroughABrokerOutageAndNothingIsLost(RealServices services) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), port);
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, KafkaSettings.of(broker.bootstrapServers(), "outage"), database.jdbcUrl(), database.user(), database.password())) {
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.check("api").path("status").asText()).isEqualTo("UP"));

      // When the broker stops for a while
      broker.close();
      Instant outageStarted = Instant.now();
      for (int i = 0; i < 8; i++) {
        assertThat(platform.get("/").statusCode()).isEqualTo(200);
        assertThat(platform.get("/api/v1/summary").statusCode()).isEqualTo(200);
        Thread.sleep(1_000);
      }

      // Then, once it is back, results probed during the outage reach the page
      broker = EmbeddedKafka.start(dir.resolve("kafka"), port);
      await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
          assertThat(Instant.parse(platform.check("api").path("lastCheckedAt").asText())).isAfter(outageStarted.plusSeconds(8)));
      // And every probe the target answered is counted once, on the page and by verify
      platform.stopChecker();
      long answered = platform.probesAnswered();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(platform.json("/api/v1/checks/api/uptime?days=1").path("daily").path(0).path("up").asLong()).isEqualTo(answered));
      Cli.Run verify = Cli.run("verify", "-c", platform.config().toString());
      assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    } finally {
      broker.close();
    }
  }
}

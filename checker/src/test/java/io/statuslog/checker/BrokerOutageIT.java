package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away for a while: the checker keeps probing into its spool, survives a restart in
 * the middle of the outage, and when the broker is back delivers every result, in order per
 * check, none twice. Uses a broker of its own so it can stop it.
 */
class BrokerOutageIT {
  @TempDir Path dir;

  @Test
  void resultsProbedWhileKafkaIsDownAreDeliveredOnceAndInOrderWhenItIsBack() throws Exception {
    // Given a checker probing two checks every second against a broker of this test's own
    int port = freePort();
    EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), port);
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    target.start();
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: api, url: "http://127.0.0.1:%1$d/api", interval: 1s, timeout: 500ms}
          - {id: web, url: "http://127.0.0.1:%1$d/web", interval: 1s, timeout: 500ms}
        """.formatted(target.getAddress().getPort()));
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "outage");
    CheckerConfiguration config = new CheckerConfiguration(kafka,
        new CheckerConfiguration.Checker(checks, "eu", "agent-1", dir.resolve("spool"), null));
    // Whatever fails, nothing is left running to write into the temporary folder JUnit deletes.
    try {
      CheckerService checker = CheckerService.start(config, Clock.systemUTC());
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> checker.delivered() >= 4);

        // When the broker stops, the checker probes on into its spool and is restarted meanwhile
        broker.close();
        long deliveredBeforeOutage = checker.delivered();
        await().atMost(Duration.ofSeconds(30)).until(() -> checker.spool().lastSeq() >= deliveredBeforeOutage + 6);
      } finally {
        checker.close();
      }
      CheckerService restarted = CheckerService.start(config, Clock.systemUTC());
      try {
        long afterRestart = restarted.spool().lastSeq();
        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.spool().lastSeq() >= afterRestart + 4);
        assertThat(restarted.spool().usedBytes()).isPositive();

        // Then, the broker back, every spooled result is delivered
        broker = EmbeddedKafka.start(dir.resolve("kafka"), port);
        await().atMost(Duration.ofSeconds(90)).until(() -> restarted.delivered() >= afterRestart + 4);
      } finally {
        restarted.close();
      }
      long spooled = restarted.spool().lastSeq();
      assertThat(restarted.delivered()).isEqualTo(spooled);

      // And the log holds each result exactly once, in probe order per check
      List<CheckResult> inLog = readAll(kafka);
      assertThat(inLog).hasSize((int) spooled);
      assertThat(inLog).extracting(CheckResult::getResultId).doesNotHaveDuplicates();
      Map<String, List<CheckResult>> byCheck = new HashMap<>();
      inLog.forEach(result -> byCheck.computeIfAbsent(result.getCheckId(), id -> new ArrayList<>()).add(result));
      byCheck.values().forEach(results -> assertThat(results).isSortedAccordingTo((a, b) -> a.getStartedAt().compareTo(b.getStartedAt())));
      assertThat(byCheck).containsOnlyKeys("api", "web");
    } finally {
      target.stop(0);
      broker.close();
    }
  }

  private static List<CheckResult> readAll(KafkaSettings kafka) {
    var topic = kafka.topics().checkResults();
    var props = kafka.clientProperties("outage-reader");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<CheckResult> results = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> results.add(record.value()));
      }
    }
    return results;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.CountingTarget;
import io.statuslog.testkit.ResultLog;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away for a while: the checker keeps probing into its spool, survives restarts in
 * the middle of the outage, and when the broker is back delivers every result, in order per
 * check, none twice. The target counts the probes it answered; the log must hold exactly that
 * many results per check. Uses a broker of its own so it can stop it.
 */
class BrokerOutageIT {
  @TempDir Path dir;

  /** Every checker a test starts; whatever fails, none is left writing into the folder JUnit deletes. */
  private final List<CheckerService> started = new ArrayList<>();
  private CountingTarget target;
  private int brokerPort;
  private EmbeddedKafka broker;
  private KafkaSettings kafka;
  private CheckerConfiguration config;

  @BeforeEach
  void start() throws Exception {
    target = CountingTarget.start();
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: api, url: "%s", interval: 1s, timeout: 500ms}
          - {id: web, url: "%s", interval: 1s, timeout: 500ms}
        """.formatted(target.url("api"), target.url("web")));
    brokerPort = freePort();
    broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);
    kafka = KafkaSettings.of(broker.bootstrapServers(), "outage");
    config = new CheckerConfiguration(kafka, new CheckerConfiguration.Checker("eu", "agent-1", dir.resolve("spool"), null));
    new DefinitionsLog(kafka).apply(ChecksFile.read(checks));
  }

  @AfterEach
  void stop() {
    started.forEach(CheckerService::close);
    target.close();
    broker.close();
  }

  private CheckerService startChecker() {
    CheckerService checker = CheckerService.start(config, Clock.systemUTC());
    started.add(checker);
    return checker;
  }

  @Test
  void resultsProbedWhileKafkaIsDownAreDeliveredOnceAndInOrderWhenItIsBack() throws Exception {
    // Given a checker that has delivered a few results
    CheckerService checker = startChecker();
    await().atMost(Duration.ofSeconds(60)).until(() -> checker.delivered() >= 4);

    // When the broker stops, the checker probes on into its spool and is restarted meanwhile
    broker.close();
    long deliveredBeforeOutage = checker.delivered();
    await().atMost(Duration.ofSeconds(30)).until(() -> checker.spool().lastSeq() >= deliveredBeforeOutage + 6);
    checker.close();
    CheckerService restarted = startChecker();
    long afterRestart = restarted.spool().lastSeq();
    await().atMost(Duration.ofSeconds(30)).until(() -> restarted.spool().lastSeq() >= afterRestart + 4);
    assertThat(restarted.spool().usedBytes()).isPositive();

    // Then, the broker back, every spooled result is delivered, and the log holds every probe once
    broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);
    await().atMost(Duration.ofSeconds(90)).until(() -> restarted.delivered() >= afterRestart + 4);
    restarted.close();
    assertThat(restarted.delivered()).isEqualTo(restarted.spool().lastSeq());
    assertTheLogHoldsEveryProbeOnce();
  }

  /**
   * The drill that found the hole: every result delivered and the spool's files deleted, then
   * the checker restarts while Kafka is unreachable (a host reboot with the broker back later).
   * Its new results must be numbered after the delivered ones, or they are taken for delivered.
   */
  @Test
  void aCheckerRestartedWithADrainedSpoolWhileKafkaIsDownLosesNothing() throws Exception {
    // Given a checker whose spool has drained
    CheckerService checker = startChecker();
    await().atMost(Duration.ofSeconds(60)).until(() -> checker.delivered() >= 6);
    checker.close();
    assertThat(checker.spool().pending()).isZero();
    assertThat(checker.spool().usedBytes()).isZero();

    // When Kafka goes away and the checker is restarted, twice, probing for a while
    broker.close();
    for (int restart = 0; restart < 2; restart++) {
      CheckerService restarted = startChecker();
      long start = restarted.spool().lastSeq();
      await().atMost(Duration.ofSeconds(30)).until(() -> restarted.spool().lastSeq() >= start + 6);
      restarted.close();
    }

    // Then, Kafka back, a checker started again delivers everything probed meanwhile
    broker = EmbeddedKafka.start(dir.resolve("kafka"), brokerPort);
    CheckerService afterOutage = startChecker();
    long spooled = afterOutage.spool().lastSeq();
    await().atMost(Duration.ofSeconds(90)).until(() -> afterOutage.delivered() >= spooled);
    afterOutage.close();
    assertTheLogHoldsEveryProbeOnce();
  }

  private void assertTheLogHoldsEveryProbeOnce() {
    List<CheckResult> inLog = ResultLog.readAll(kafka);
    assertThat(inLog).extracting(CheckResult::getResultId).doesNotHaveDuplicates();
    Map<String, List<CheckResult>> byCheck = inLog.stream().collect(Collectors.groupingBy(CheckResult::getCheckId, TreeMap::new, Collectors.toList()));
    byCheck.values().forEach(results -> assertThat(results).isSortedAccordingTo((a, b) -> a.getStartedAt().compareTo(b.getStartedAt())));
    Map<String, Long> results = new TreeMap<>();
    byCheck.forEach((check, list) -> results.put(check, (long) list.size()));
    assertThat(results).as("results in the log per check = probes the target answered").isEqualTo(target.answered()).containsOnlyKeys("api", "web");
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

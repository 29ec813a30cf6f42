package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.ResultLog;
import io.statuslog.testkit.ServicesYaml;
import io.statuslog.testkit.TestDatabase;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest SIGKILLed again and again while agents post, counted: every result the agents were
 * answered 202 for is counted exactly once by the live generation, per check. Ingest runs as a
 * `statuslog ingest` process of its own, restarted on the same port with the same instance id
 * after each kill. The agents behave as a spool does: a batch is posted until it is answered 202
 * (a refused connection, a connection cut by the kill, a 503: the same batch again), and only
 * then is the next one made. A kill that falls after Kafka committed a batch and before its
 * answer makes the agent post it twice; the projector counts it once. The test prints how many
 * batches were posted again and how many results the log holds twice.
 */
@ExtendWith(RealServicesExtension.class)
class IngestKillIT {
  private static final int KILLS = 3;
  private static final List<String> CHECKS = List.of("api", "web");

  @TempDir Path dir;

  @Test
  void everyResultAnsweredIs202IsCountedOnceAcrossRepeatedKills(RealServices services) throws Exception {
    KafkaSettings kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    int port = freePort();
    Path config = config(kafka, database, port);
    String ingestUrl = "http://localhost:" + port;
    ProjectorConfiguration projectorConfig = ConfigFiles.load(config, ProjectorConfiguration.class);
    List<Agent> agents = new ArrayList<>();
    ExecutorService posting = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    Process ingest = null;
    try (ProjectorService projector = ProjectorService.start(projectorConfig, Databases.unpooled(projectorConfig.database()), ProjectorLoop.Observer.NONE)) {
      // Given two agents in each of two regions, posting batches of 20 as fast as they are answered
      Cli.applyChecks(config, "checks:\n  - {id: api, name: API, url: \"https://api.example.com/\", interval: 30s}\n"
          + "  - {id: web, name: Web, url: \"https://www.example.com/\", interval: 30s}\n");
      for (String region : List.of("eu-west", "us-east")) {
        for (int n = 1; n <= 2; n++) {
          String name = region + "-" + n;
          String token = TestAgent.tokenOf(Cli.run("agents", "add", name, "--region", region, "-c", config.toString()));
          agents.add(new Agent(new TestAgent(ingestUrl, token, "spool-" + name)));
        }
      }
      ingest = statuslogIngest(config);
      List<Future<?>> running = new ArrayList<>();
      for (Agent agent : agents) {
        running.add(posting.submit(() -> agent.postUntil(stop)));
      }
      awaitAccepted(agents, 100);

      // When ingest is SIGKILLed while they post, and started again, time after time
      for (int kill = 1; kill <= KILLS; kill++) {
        ingest.destroyForcibly().waitFor();
        ingest = statuslogIngest(config);
        awaitAccepted(agents, 100);
      }

      // Then, the agents stopped with every batch they made answered 202
      stop.set(true);
      for (Future<?> agent : running) {
        agent.get(1, TimeUnit.MINUTES);
      }
      Map<String, Long> answered = new TreeMap<>();
      agents.forEach(agent -> agent.accepted.forEach((check, count) -> answered.merge(check, count.get(), Long::sum)));
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() -> LiveGeneration.counts(dataSource).equals(answered));
      List<CheckResult> log = ResultLog.readAll(kafka);
      Set<String> distinct = new HashSet<>();
      log.forEach(result -> distinct.add(result.getResultId()));
      long postedAgain = agents.stream().mapToLong(agent -> agent.postedAgain.get()).sum();
      System.out.printf("IngestKillIT: %d kills; results answered 202 %s; in the log %d (%d twice); batches posted again %d; counted by the live generation %s%n",
          KILLS, answered, log.size(), log.size() - distinct.size(), postedAgain, LiveGeneration.counts(dataSource));

      assertThat(distinct).as("every result answered 202 is in the log").hasSize((int) answered.values().stream().mapToLong(Long::longValue).sum());
      assertThat(LiveGeneration.counts(dataSource)).as("counted once each").isEqualTo(answered);
      assertThat(postedAgain).as("agents posted batches again while ingest was down").isPositive();
    } finally {
      stop.set(true);
      posting.shutdownNow();
      if (ingest != null) {
        ingest.destroyForcibly();
      }
    }
  }

  /** One agent's spool: posts its next batch until it is answered 202, then makes the next. */
  private static final class Agent {
    final TestAgent client;
    final Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();
    final AtomicLong postedAgain = new AtomicLong();
    private long batches;

    Agent(TestAgent client) {
      this.client = client;
    }

    long acceptedTotal() {
      return accepted.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void postUntil(AtomicBoolean stop) {
      while (!stop.get()) {
        String check = CHECKS.get((int) (batches++ % CHECKS.size()));
        ArrayNode batch = client.batch(check, "UP", 20);
        for (int attempt = 0; ; attempt++) {
          if (attempt > 0) {
            postedAgain.incrementAndGet();
            pause();
          }
          try {
            HttpResponse<String> response = client.post(batch);
            if (response.statusCode() == 202) {
              accepted.computeIfAbsent(check, c -> new AtomicLong()).addAndGet(batch.size());
              break;
            }
            if (response.statusCode() != 503) {
              throw new AssertionError("ingest refused a valid batch: " + response.statusCode() + " " + response.body());
            }
          } catch (java.io.IOException e) {
            // Refused while ingest is down, or cut by the kill: the spool posts the same batch again.
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    private static void pause() {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void awaitAccepted(List<Agent> agents, int results) {
    long until = agents.stream().mapToLong(Agent::acceptedTotal).sum() + results;
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> agents.stream().mapToLong(Agent::acceptedTotal).sum() >= until);
  }

  private Path config(KafkaSettings kafka, TestDatabase database, int port) throws Exception {
    return Files.writeString(dir.resolve("statuslog.yml"), ServicesYaml.of(kafka, database) + """
        projector:
          maxBatch: 200
        ingest:
          instanceId: kill-drill
          ackTimeout: 5s
          rateLimit: {perSecond: 100000, burst: 100000}
          server:
            applicationConnectors: [{type: http, port: %d}]
            adminConnectors: [{type: http, port: 0}]
        logging:
          level: INFO
          loggers:
            org.apache.kafka: WARN
        """.formatted(port));
  }

  private static Process statuslogIngest(Path config) throws Exception {
    return ChildJvm.start(Statuslog.class, "ingest-kill.log", ChildJvm.QUICK_START, "ingest", "-c", config.toString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

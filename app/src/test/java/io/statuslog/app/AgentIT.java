package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.checker.AgentConfiguration;
import io.statuslog.checker.AgentService;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.ingest.IngestApplication;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.ingest.kafka.AgentsLog;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.ChildJvm;
import io.statuslog.testkit.CountingTarget;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.ResultLog;
import io.statuslog.testkit.ServicesYaml;
import io.statuslog.testkit.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Agents outside the cluster, end to end: the real ingest (in this JVM, on a fixed port so it
 * can be stopped and started again), the projector and real PostgreSQL, the real broker, and
 * agents that probe a counting target. The promise is counted as NothingLostIT counts it:
 * probes the target answered = results in the log (+ results set aside, where the test makes
 * ingest refuse some) = results counted by the live generation, per check.
 */
@ExtendWith(RealServicesExtension.class)
class AgentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private KafkaSettings kafka;
  private TestDatabase database;
  private DataSource dataSource;
  private CountingTarget target;
  private AgentsLog agents;
  private int ingestPort;
  private Path config;
  private DropwizardTestSupport<IngestConfiguration> ingest;

  @BeforeEach
  void start(RealServices services) throws Exception {
    kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    database = services.newDatabase();
    dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    target = CountingTarget.start();
    agents = new AgentsLog(kafka, Clock.systemUTC());
    ingestPort = freePort();
  }

  @AfterEach
  void stop() throws Exception {
    stopIngest();
    while (!running.isEmpty()) {
      running.pop().close();
    }
    target.close();
  }

  @Test
  void everyProbeAnAgentMadeArrivesOnceAfterAnIngestOutageDuringWhichTheAgentWasKilled() throws Exception {
    // Given an agent in region eu-west, its own process, probing two checks every second through ingest
    List<String> checks = List.of("eu-api", "eu-web");
    startPlatform("", """
        checks:
          - {id: eu-api, url: "%s", interval: 1s, timeout: 900ms, regions: [eu-west]}
          - {id: eu-web, url: "%s", interval: 1s, timeout: 900ms, regions: [eu-west]}
          - {id: us-api, url: "%s", interval: 1s, timeout: 900ms, regions: [us-east]}
        """.formatted(target.url("eu-api"), target.url("eu-web"), target.url("us-api")));
    Path agentConfig = agentConfig("eu", agents.add("agent-eu", "eu-west").token().reveal());
    Process agent = agentProcess(agentConfig);
    int kills = 0;
    try {
      await().atMost(Duration.ofMinutes(2)).until(() -> LiveGeneration.counts(dataSource).keySet().containsAll(checks));

      // When ingest stops, the agent probes on into its spool
      stopIngest();
      awaitProbes(checks, 4);
      // and is SIGKILLed and started again while ingest is still down: it probes the checks it cached
      agent.destroyForcibly().waitFor();
      kills++;
      agent = agentProcess(agentConfig);
      awaitProbes(checks, 6);

      // Then, ingest back, the agent delivers everything (but what was in flight at the kill), and stops cleanly
      startIngest();
      int inFlightAtKills = kills;
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(NothingLostIT.countsInLog(kafka).values().stream().mapToLong(Long::longValue).sum())
              .as("results in the log, against probes answered %s less those in flight", target.answered())
              .isGreaterThanOrEqualTo(target.total() - (long) checks.size() * (1 + inFlightAtKills)));
      stop(agent);
      agent = null;
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
          .until(() -> LiveGeneration.counts(dataSource).equals(NothingLostIT.countsInLog(kafka)));
      Map<String, Long> probes = target.answered();
      Map<String, Long> inLog = NothingLostIT.countsInLog(kafka);
      Map<String, Long> inGeneration = LiveGeneration.counts(dataSource);
      System.out.printf("AgentIT: probes answered %s, results in the log %s, counted by the live generation %s (probes in flight at %d agent SIGKILL(s) may be missing)%n",
          probes, inLog, inGeneration, kills);

      assertThat(NothingLostIT.duplicateResultIds(kafka)).as("no result twice in the log").isZero();
      assertThat(inGeneration).as("the live generation counts what the log holds").isEqualTo(inLog);
      assertThat(inLog.keySet()).as("no check of another region was probed").containsExactlyInAnyOrderElementsOf(checks);
      for (String check : checks) {
        assertThat(probes.get(check) - inLog.get(check)).as("probes of %s answered but not in the log", check).isBetween(0L, (long) kills);
      }
      assertThat(ResultLog.readAll(kafka)).allSatisfy(result -> {
        assertThat(result.getRegion()).isEqualTo("eu-west");
        assertThat(result.getAgent()).isEqualTo("agent-eu");
        assertThat(result.getSpoolId()).matches("agent-eu/[0-9a-f]{16}");
      });
      assertThat(dir.resolve("spool-eu/dead-letters.jsonl")).doesNotExist();
    } finally {
      if (agent != null) {
        agent.destroyForcibly();
      }
    }
  }

  @Test
  void agentsInTwoRegionsProbeTheirRegionsChecksAndAreRecordedUnderTheirRegions() throws Exception {
    // Given checks for one region, the other, and both, and an agent in each region
    startPlatform("", """
        checks:
          - {id: shared, url: "%s", interval: 1s, timeout: 900ms, regions: [eu-west, us-east]}
          - {id: eu-only, url: "%s", interval: 1s, timeout: 900ms, regions: [eu-west]}
          - {id: us-only, url: "%s", interval: 1s, timeout: 900ms, regions: [us-east]}
        """.formatted(target.url("shared"), target.url("eu-only"), target.url("us-only")));
    AgentService eu = agent(agentConfig("eu", agents.add("agent-eu", "eu-west").token().reveal()));
    AgentService us = agent(agentConfig("us", agents.add("agent-us", "us-east").token().reveal()));

    // Then each probes its region's checks, and the read model has the status of each check per region
    Set<String> expected = Set.of("eu-only@eu-west", "shared@eu-west", "shared@us-east", "us-only@us-east");
    await().atMost(Duration.ofMinutes(2)).until(() -> regionStatuses().equals(expected));
    assertThat(eu.checkIds()).containsExactlyInAnyOrder("shared", "eu-only");
    assertThat(us.checkIds()).containsExactlyInAnyOrder("shared", "us-only");

    // And every result in the log is its agent's region's, and counted once
    eu.close();
    us.close();
    Set<String> inLog = new TreeSet<>();
    for (CheckResult result : ResultLog.readAll(kafka)) {
      inLog.add(result.getCheckId() + "@" + result.getRegion() + " by " + result.getAgent());
    }
    assertThat(inLog).containsExactlyInAnyOrder("eu-only@eu-west by agent-eu", "shared@eu-west by agent-eu", "shared@us-east by agent-us", "us-only@us-east by agent-us");
    assertThat(NothingLostIT.duplicateResultIds(kafka)).isZero();
    await().atMost(Duration.ofMinutes(1)).until(() -> LiveGeneration.counts(dataSource).equals(NothingLostIT.countsInLog(kafka)));
  }

  /**
   * Ingest configured to refuse: batches over 5 results (413), more than 4 results a second
   * (429), results from an agent whose clock jumped ahead (400), and the agent's token once it
   * is revoked (401). Delivery slows down and some results are set aside, but nothing wedges
   * and nothing is lost.
   */
  @Test
  void refusalsSlowDeliveryButStopNothingAndLoseNothing() throws Exception {
    List<String> checks = List.of("api", "web");
    startPlatform("""
          maxBatchResults: 5
          maxClockSkew: 1m
          rateLimit: {perSecond: 4, burst: 5}
        """, """
        checks:
          - {id: api, url: "%s", interval: 2s, timeout: 900ms, regions: [eu-west]}
          - {id: web, url: "%s", interval: 2s, timeout: 900ms, regions: [eu-west]}
        """.formatted(target.url("api"), target.url("web")));
    ListAppender<ILoggingEvent> lines = agentLogLines();
    try {
      refusals(checks, lines);
    } finally {
      // What the agent said, one line per event: the test's story when it fails.
      lines.list.forEach(line -> System.out.println("AgentIT agent log: " + line.getLevel() + " " + line.getFormattedMessage()));
    }
  }

  private void refusals(List<String> checks, ListAppender<ILoggingEvent> lines) throws Exception {
    JumpingClock clock = new JumpingClock();
    AgentService agent = agent(agentConfig("eu", agents.add("agent-eu", "eu-west").token().reveal()), clock);
    await().atMost(Duration.ofMinutes(2)).until(() -> NothingLostIT.countsInLog(kafka).keySet().containsAll(checks));

    // When ingest is away for about ten results, the backlog meets the batch size and the rate limit
    stopIngest();
    awaitProbes(checks, 5);
    startIngest();
    await().atMost(Duration.ofMinutes(2)).until(() -> agent.spool().pending() == 0);

    // When the agent's clock jumps ten minutes ahead for a few probes: ingest will never take those
    clock.jump(Duration.ofMinutes(10));
    awaitProbes(checks, 2);
    clock.jump(Duration.ZERO);
    await().atMost(Duration.ofMinutes(1)).until(() -> agent.spool().pending() == 0);

    // When the agent's token is revoked, the results wait in the spool
    agents.revoke("agent-eu");
    awaitProbes(checks, 4);
    assertThat(agent.spool().pending()).isGreaterThanOrEqualTo(4);
    // and an operator gives it a new token and restarts it
    agent.close();
    AgentService restarted = agent(agentConfig("eu", agents.add("agent-eu", "eu-west").token().reveal()), Clock.systemUTC());
    await().atMost(Duration.ofMinutes(1)).until(() -> restarted.spool().pending() == 0);
    restarted.close();

    // Then every probe is in the log or, refused for its time, set aside with the reason; none twice
    Map<String, Long> setAside = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("spool-eu/dead-letters.jsonl"))) {
      JsonNode letter = JSON.readTree(line);
      assertThat(letter.path("reason").asText()).startsWith("startedAt: ").contains("ahead of ingest's clock");
      setAside.merge(letter.path("result").path("checkId").asText(), 1L, Long::sum);
    }
    await().atMost(Duration.ofMinutes(1)).until(() -> LiveGeneration.counts(dataSource).equals(NothingLostIT.countsInLog(kafka)));
    Map<String, Long> probes = target.answered();
    Map<String, Long> inLog = NothingLostIT.countsInLog(kafka);
    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    System.out.printf("AgentIT refusals: probes answered %s, results in the log %s, set aside %s%n", probes, inLog, setAside);
    assertThat(NothingLostIT.duplicateResultIds(kafka)).isZero();
    assertThat(setAside.values().stream().mapToLong(Long::longValue).sum()).as("the fault landed: results were set aside").isGreaterThanOrEqualTo(2 * checks.size());
    for (String check : checks) {
      assertThat(inLog.get(check) + setAside.getOrDefault(check, 0L)).as("probes of %s", check).isEqualTo(probes.get(check));
    }
    assertThat(logged).anyMatch(line -> line.startsWith("ingest refused a batch of ") && line.contains("too large"));
    assertThat(logged).anyMatch(line -> line.contains("ingest is rate limiting this agent"));
    assertThat(logged).anyMatch(line -> line.startsWith("cannot deliver to ingest") && line.contains("401"));
    assertThat(logged).anyMatch(line -> line.startsWith("result set aside"));
  }

  /** The system clock, or a jump ahead of it: an agent whose clock NTP has not yet corrected. */
  private static final class JumpingClock extends Clock {
    private volatile Duration ahead = Duration.ZERO;

    void jump(Duration by) {
      ahead = by;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.time.Instant instant() {
      return java.time.Instant.now().plus(ahead);
    }
  }

  /** Applies the checks, starts the projector and ingest, with {@code ingestSettings} added to ingest's block. */
  private void startPlatform(String ingestSettings, String checksYaml) throws Exception {
    config = Files.writeString(dir.resolve("statuslog.yml"), ServicesYaml.of(kafka, database) + """
        projector:
          maxBatch: 50
        ingest:
          instanceId: agent-it-%s
        %s
          server:
            applicationConnectors: [{type: http, port: %d}]
            adminConnectors: [{type: http, port: 0}]
        logging:
          type: external
        """.formatted(UUID.randomUUID().toString().substring(0, 8), ingestSettings.stripTrailing(), ingestPort));
    new DefinitionsLog(kafka).apply(ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), checksYaml)));
    ProjectorConfiguration projector = ConfigFiles.load(config, ProjectorConfiguration.class);
    running.push(ProjectorService.start(projector, Databases.unpooled(projector.database()), ProjectorLoop.Observer.NONE));
    startIngest();
  }

  private void startIngest() throws Exception {
    ingest = new DropwizardTestSupport<>(IngestApplication.class, config.toString());
    ingest.before();
  }

  private void stopIngest() {
    if (ingest != null) {
      ingest.after();
      ingest = null;
    }
  }

  /** The minimal agent file, as the README shows it. */
  private Path agentConfig(String name, String token) throws Exception {
    return Files.writeString(dir.resolve("agent-" + name + ".yml"), """
        agent:
          ingestUrl: http://127.0.0.1:%d
          token: %s
          spoolDir: %s
        """.formatted(ingestPort, token, dir.resolve("spool-" + name)));
  }

  private AgentService agent(Path agentConfig) {
    return agent(agentConfig, Clock.systemUTC());
  }

  private AgentService agent(Path agentConfig, Clock clock) {
    AgentService agent = AgentService.start(ConfigFiles.load(agentConfig, AgentConfiguration.class), clock);
    running.push(agent);
    return agent;
  }

  private static Process agentProcess(Path agentConfig) throws Exception {
    return ChildJvm.start(Statuslog.class, "agent-it-agent.log", "agent", "-c", agentConfig.toString());
  }

  /** SIGTERM, as a service manager stops it: the agent finishes its probes and spools them. */
  private static void stop(Process process) throws Exception {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the agent did not stop within 60 s of SIGTERM");
    }
  }

  /** Waits until each check was probed {@code times} more times: time passing, measured in probes. */
  private void awaitProbes(List<String> checks, int times) {
    long until = target.total() + (long) times * checks.size();
    await().atMost(Duration.ofMinutes(1)).until(() -> target.total() >= until);
  }

  /** {@code check@region} for every row of the live generation's status per region. */
  private Set<String> regionStatuses() throws Exception {
    Set<String> rows = new TreeSet<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      String schema;
      try (ResultSet live = statement.executeQuery("SELECT schema_name FROM statuslog_control.generations WHERE state = 'live'")) {
        if (!live.next()) {
          return rows;
        }
        schema = live.getString(1);
      }
      try (ResultSet statuses = statement.executeQuery("SELECT check_id, region FROM " + schema + ".check_region_status")) {
        while (statuses.next()) {
          rows.add(statuses.getString(1) + "@" + statuses.getString(2));
        }
      }
    }
    return rows;
  }

  /** What the agent's classes log at INFO and above from now on, in this JVM (Dropwizard's start turns the root logger down to WARN). */
  private static ListAppender<ILoggingEvent> agentLogLines() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Logger checker = (Logger) LoggerFactory.getLogger("io.statuslog.checker");
    checker.setLevel(ch.qos.logback.classic.Level.INFO);
    checker.addAppender(appender);
    return appender;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.statuslog.bench.chaos;

import io.statuslog.bench.Readiness;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak drill (bench/chaos.sh): the platform as five processes (Kafka broker, PostgreSQL,
 * checker, projector, web), probing {@link #CHECKS} checks of a counting target every 1-2 s,
 * while one process chosen at random is SIGKILLed every 20-40 s and started again 0-5 s later.
 * At the end it counts, per check, the probes the target answered, the results in the log and
 * the results the live generation counts, and exits non-zero on any difference beyond the probes
 * in flight at a checker kill; it also counts status page requests that a running web process
 * did not answer with 200.
 *
 * <p>Arguments: run dir, statuslog jar, [minutes of faults, default 10], [seed, default random].
 */
public final class ChaosDrill {
  private static final int CHECKS = 20;
  private static final String TOPIC_PREFIX = "chaos";
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);
  private static final Duration CATCH_UP_WITHIN = Duration.ofMinutes(3);
  private static final int MAX_EXITS = 10;

  /** One SIGKILL: when, what, which pids, and the process started in its place. */
  record Fault(LocalTime at, String role, List<Long> pids, long downMillis, long newPid) {}

  private final Path run;
  private final Duration faultsFor;
  private final long seed;
  private final Random random;
  private final int brokerPort;
  private final int postgresPort;
  private final int webPort;
  private final KafkaSettings kafka;
  private final String jdbcUrl;
  private final CountingTarget target;
  private final Role broker;
  private final Role postgres;
  private final Role checker;
  private final Role projector;
  private final Role web;
  private final List<Role> roles;
  private final List<Fault> faults = new ArrayList<>();
  private final Census census;
  private final Path jar;
  private final Path config;
  private final List<String> jvmOptions;

  private ChaosDrill(Path run, Path jar, Duration faultsFor, long seed) throws IOException {
    this.run = run;
    this.faultsFor = faultsFor;
    this.seed = seed;
    this.random = new Random(seed);
    this.brokerPort = freePort();
    this.postgresPort = freePort();
    this.webPort = freePort();
    this.target = new CountingTarget();
    this.kafka = KafkaSettings.of("localhost:" + brokerPort, TOPIC_PREFIX);
    this.jdbcUrl = "jdbc:postgresql://localhost:" + postgresPort + "/postgres?user=postgres";
    this.jar = jar;
    this.config = writeConfig(targetPort());
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String classpath = System.getProperty("java.class.path");
    // Small heaps, the serial collector and no C2 compiler: the drill runs six JVMs, and the
    // figures it is after are counts, not speed.
    List<String> jvm = List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    this.jvmOptions = jvm;
    this.broker = new Role("broker", concat(jvm, "-Xmx384m", "-cp", classpath, ServerMain.class.getName(),
        "kafka", run.resolve("kafka").toString(), Integer.toString(brokerPort)), run.resolve("broker.log"));
    this.postgres = new Role("postgres", concat(jvm, "-Xmx64m", "-cp", classpath, ServerMain.class.getName(),
        "postgres", run.resolve("postgres").toString(), Integer.toString(postgresPort), run.resolve("postgres-server.log").toString()),
        run.resolve("postgres.log"), this::postmasterAndBackends);
    this.checker = statuslog(jvm, jar, "checker", config);
    this.projector = statuslog(jvm, jar, "projector", config);
    this.web = statuslog(jvm, jar, "web", config);
    this.roles = List.of(broker, postgres, checker, projector, web);
    this.census = new Census(kafka, jdbcUrl + "&connectTimeout=5&socketTimeout=30");
  }

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]).toAbsolutePath();
    Path jar = Path.of(args[1]).toAbsolutePath();
    double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : new Random().nextLong(1_000_000);
    Files.createDirectories(run);
    ChaosDrill drill = new ChaosDrill(run, jar, Duration.ofSeconds(Math.round(minutes * 60)), seed);
    Thread cleanup = new Thread(drill::killEverything, "chaos-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    int code;
    try {
      code = drill.run();
    } catch (Exception e) {
      say("DRILL ERROR: " + e);
      e.printStackTrace(System.out);
      code = 2;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    say("run directory %s (a log file per process)", run);
    say("seed %d; %d checks every 1-2 s; faults for %d s; broker :%d, postgres :%d, web :%d, target :%d",
        seed, CHECKS, faultsFor.toSeconds(), brokerPort, postgresPort, webPort, targetPort());

    // Given the platform running, every check counted end to end
    postgres.start();
    broker.start();
    awaitReady("postgres", this::postgresReady);
    awaitReady("broker", this::brokerReady);
    applyChecks();
    projector.start();
    checker.start();
    web.start();
    awaitReady("web", this::pageAnswers);
    awaitReady("every check in the live generation", () -> census.liveGeneration().size() == CHECKS);
    say("platform up: broker pid %d, postgres pid %d, checker pid %d, projector pid %d, web pid %d",
        broker.pid(), postgres.pid(), checker.pid(), projector.pid(), web.pid());

    // When one process after another is SIGKILLed and started again
    PagePoller page = new PagePoller(web, webPort, ChaosDrill::say);
    injectFaults();

    // Then, everything up again and the checker stopped with its spool delivered, all counts agree
    say("faults over; starting whatever is down");
    for (Role role : roles) {
      if (!role.isAlive()) {
        say("%s is down; starting it", role.name());
        role.start();
      }
    }
    awaitReady("postgres", this::postgresReady);
    awaitReady("broker", this::brokerReady);
    awaitReady("web", this::pageAnswers);
    boolean delivered = stopCheckerWithSpoolDelivered();
    boolean caughtUp = awaitGenerationCaughtUp();
    page.close();

    Map<String, Long> answered = target.answered();
    Census.InLog inLog = census.log();
    Map<String, Long> inGeneration = census.liveGeneration();
    Tally tally = Tally.of(answered, inLog, inGeneration, checkerKills());
    report(tally, page.figures(), inLog);
    shutDown();

    List<String> reasons = new ArrayList<>();
    tally.failure().ifPresent(reasons::add);
    if (page.figures().failures() > 0) {
      reasons.add(page.figures().failures() + " status page request(s) not answered 200 by a running web process");
    }
    if (web.unexpectedExits() > 0) {
      reasons.add("the web process exited on its own " + web.unexpectedExits() + " time(s): the page went dark");
    }
    if (!delivered) {
      reasons.add("the checker's spool was not delivered to the log after the faults");
    }
    if (!caughtUp && reasons.isEmpty()) {
      reasons.add("the live generation did not catch up with the log within " + CATCH_UP_WITHIN.toMinutes() + " min");
    }
    if (!reasons.isEmpty()) {
      say("FAIL: %s", String.join("; ", reasons));
      return 1;
    }
    say("PASS: every probe the target answered is in the log once, and counted once by the live generation (%d missing, in flight at %d checker SIGKILL(s))",
        tally.total().missing(), checkerKills());
    return 0;
  }

  /** Every 20-40 s one process, at random, SIGKILLed, and started again after 0-5 s; dead processes started again. */
  private void injectFaults() throws Exception {
    long end = System.nanoTime() + faultsFor.toNanos();
    long nextFault = System.nanoTime() + nextFaultIn();
    long nextProgress = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      restartWhatDied();
      if (System.nanoTime() >= nextFault) {
        Role victim = roles.get(random.nextInt(roles.size()));
        long pause = random.nextLong(5_001);
        LocalTime at = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
        List<Long> pids = victim.kill();
        Thread.sleep(pause);
        long newPid = victim.start();
        Fault fault = new Fault(at, victim.name(), pids, pause, newPid);
        faults.add(fault);
        say("%s fault #%d: SIGKILL %s pid %s; started again %.1f s later as pid %d",
            at, faults.size(), victim.name(), describe(pids), pause / 1000.0, newPid);
        nextFault = System.nanoTime() + nextFaultIn();
      }
      if (System.nanoTime() >= nextProgress) {
        say("progress: %d probes answered, %d faults so far", target.total(), faults.size());
        nextProgress += Duration.ofMinutes(1).toNanos();
      }
      Thread.sleep(250);
    }
  }

  private long nextFaultIn() {
    return Duration.ofMillis(20_000 + random.nextLong(20_001)).toNanos();
  }

  private static String describe(List<Long> pids) {
    return pids.size() == 1 ? pids.getFirst().toString()
        : pids.getFirst() + " (and postmaster " + pids.get(1) + (pids.size() > 2 ? " with " + (pids.size() - 2) + " children" : "") + ")";
  }

  /**
   * The drill is the supervisor: a process that died on its own is reported and started again,
   * unless it keeps dying (a bad configuration, say): then the drill stops.
   */
  private void restartWhatDied() throws IOException, InterruptedException {
    for (Role role : roles) {
      Optional<Integer> exit = role.exitedOnItsOwn();
      if (exit.isPresent()) {
        if (role.unexpectedExits() > MAX_EXITS) {
          throw new IllegalStateException(role.name() + " keeps exiting on its own; see " + role.log());
        }
        say("%s EXIT: %s exited on its own with code %d (see %s); starting it again",
            LocalTime.now().truncatedTo(ChronoUnit.SECONDS), role.name(), exit.get(), role.log().getFileName());
        Thread.sleep(1000);
        role.start();
      }
    }
  }

  /**
   * SIGTERM: the checker finishes its probes and spools them, and delivers what it can in a few
   * seconds. If the broker came back only just now, delivery may still be backing off and leave
   * results in the spool; then the checker runs again until Kafka has them, and stops again.
   */
  private boolean stopCheckerWithSpoolDelivered() throws Exception {
    for (int attempt = 1; attempt <= 3; attempt++) {
      Optional<Integer> code = checker.stop(Duration.ofSeconds(90));
      say("checker stopped with SIGTERM (%s)", code.map(c -> "exit code " + c).orElse("had to be killed after 90 s"));
      long pending;
      long last;
      String spoolId;
      try (ResultSpool spool = ResultSpool.open(run.resolve("spool"), Long.MAX_VALUE, (AvroSerde<CheckResult>) kafka.topics().checkResults().valueSerde())) {
        pending = spool.pending();
        last = spool.lastSeq();
        spoolId = spool.id();
      }
      if (pending == 0) {
        say("spool delivered: %d results numbered in all", last);
        return true;
      }
      say("spool still holds %d results (up to seq %d); starting the checker to deliver them", pending, last);
      checker.start();
      long deadline = System.nanoTime() + CATCH_UP_WITHIN.toNanos();
      while (deliveredPosition(spoolId) < last && System.nanoTime() < deadline) {
        restartWhatDied();
        Thread.sleep(1000);
      }
    }
    return false;
  }

  /**
   * The spool position Kafka holds: KafkaDestination commits it, in each delivery transaction, as
   * the offset of partition 0 of the results topic in the group named after the spool.
   */
  private long deliveredPosition(String spoolId) {
    var props = kafka.clientProperties("chaos-drill-spool-position");
    props.put("request.timeout.ms", 10_000);
    props.put("default.api.timeout.ms", 10_000);
    try (Admin admin = Admin.create(props)) {
      OffsetAndMetadata committed = admin.listConsumerGroupOffsets("statuslog-spool-" + spoolId).partitionsToOffsetAndMetadata()
          .get(15, TimeUnit.SECONDS).get(new TopicPartition(kafka.topics().checkResults().name(), 0));
      return committed == null ? 0 : committed.offset();
    } catch (Exception e) {
      return 0;
    }
  }

  /** Until the live generation counts what the log holds, per check; progress every 10 s. */
  private boolean awaitGenerationCaughtUp() throws Exception {
    long deadline = System.nanoTime() + CATCH_UP_WITHIN.toNanos();
    long nextProgress = System.nanoTime();
    while (true) {
      restartWhatDied();
      Census.InLog log = census.log();
      Map<String, Long> generation = generationSafely();
      if (generation.equals(log.results())) {
        say("live generation caught up: %d results", log.total());
        return true;
      }
      if (System.nanoTime() > deadline) {
        say("live generation NOT caught up after %d min: log %d results, generation %d",
            CATCH_UP_WITHIN.toMinutes(), log.total(), generation.values().stream().mapToLong(Long::longValue).sum());
        return false;
      }
      if (System.nanoTime() >= nextProgress) {
        say("waiting for the live generation: log %d results, generation %d", log.total(), generation.values().stream().mapToLong(Long::longValue).sum());
        nextProgress += Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(2000);
    }
  }

  private void report(Tally tally, PagePoller.Figures page, Census.InLog inLog) throws SQLException {
    Map<String, Integer> byKind = new TreeMap<>();
    roles.forEach(role -> byKind.put(role.name(), 0));
    faults.forEach(fault -> byKind.merge(fault.role(), 1, Integer::sum));
    System.out.println();
    say("live generation: %s", census.liveSchema().orElse("none"));
    System.out.print(tally.table());
    say("faults: %d SIGKILLs in %d s %s; seed %d", faults.size(), faultsFor.toSeconds(), byKind, seed);
    say("in flight: %d checker SIGKILL(s) allow up to %d missing per check; missing %d in all",
        checkerKills(), checkerKills(), tally.total().missing());
    say("duplicates in the log (a result id more than once): %d", tally.total().duplicates());
    say("status page: %d polls, %d answered 200, %d failures while the web process ran (%d while it was starting, %d while it was down)",
        page.polls(), page.ok(), page.failures(), page.whileStarting(), page.whileDown());
    StringBuilder exits = new StringBuilder();
    roles.stream().filter(role -> role.unexpectedExits() > 0).forEach(role -> exits.append(' ').append(role.name()).append('=').append(role.unexpectedExits()));
    say("processes that exited on their own:%s", exits.isEmpty() ? " none" : exits);
  }

  private int checkerKills() {
    return (int) faults.stream().filter(fault -> fault.role().equals(checker.name())).count();
  }

  /** SIGTERM to every process left, then SIGKILL for any that lingers. */
  private void shutDown() throws InterruptedException {
    for (Role role : List.of(web, projector, checker, broker, postgres)) {
      role.stop(Duration.ofSeconds(60));
    }
    target.close();
  }

  private void killEverything() {
    roles.forEach(Role::killQuietly);
  }

  private void awaitReady(String what, Readiness readiness) throws Exception {
    Readiness.await(what, READY_WITHIN, readiness, this::restartWhatDied);
  }

  private boolean postgresReady() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl + "&connectTimeout=5")) {
      return connection.isValid(5);
    }
  }

  private boolean brokerReady() throws Exception {
    var props = kafka.clientProperties("chaos-drill-ready");
    props.put("request.timeout.ms", 5_000);
    props.put("default.api.timeout.ms", 5_000);
    try (Admin admin = Admin.create(props)) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private boolean pageAnswers() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webPort + "/")).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
  }

  private Map<String, Long> generationSafely() {
    try {
      return census.liveGeneration();
    } catch (SQLException e) {
      return Map.of();
    }
  }

  /**
   * PostgreSQL runs outside the JVM that started it (pg_ctl daemonizes it): its postmaster, named
   * in postmaster.pid, and the backends under it. The command is checked so that a pid reused
   * since is never killed.
   */
  private List<ProcessHandle> postmasterAndBackends() {
    Path pidFile = run.resolve("postgres").resolve("postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
      Optional<ProcessHandle> postmaster = ProcessHandle.of(pid).filter(h -> h.info().command().orElse("").contains("postgres"));
      if (postmaster.isEmpty()) {
        return List.of();
      }
      List<ProcessHandle> all = new ArrayList<>();
      all.add(postmaster.get());
      postmaster.get().descendants().forEach(all::add);
      return all;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** The checks live in the log: `statuslog checks apply`, as an operator would, before the checker starts. */
  private void applyChecks() throws Exception {
    Process apply = new ProcessBuilder(concat(jvmOptions, "-Xmx256m", "-jar", jar.toString(), "checks", "apply", run.resolve("checks.yml").toString(), "-c", config.toString()))
        .redirectErrorStream(true).redirectOutput(run.resolve("checks-apply.log").toFile()).start();
    if (!apply.waitFor(2, TimeUnit.MINUTES) || apply.exitValue() != 0) {
      throw new IllegalStateException("statuslog checks apply failed; see " + run.resolve("checks-apply.log"));
    }
    say("checks applied: %s", Files.readString(run.resolve("checks-apply.log")).lines().reduce((a, b) -> b).orElse(""));
  }

  private Role statuslog(List<String> jvm, Path jar, String role, Path config) {
    return new Role(role, concat(jvm, "-Xmx256m", "-jar", jar.toString(), role, "-c", config.toString()), run.resolve(role + ".log"));
  }

  /** Twenty checks of the counting target, every 1, 1.5 or 2 s; a timeout (the longest allowed) the target never comes near. */
  private Path writeConfig(int targetPort) throws IOException {
    StringBuilder checks = new StringBuilder("checks:\n");
    for (int i = 1; i <= CHECKS; i++) {
      String id = "check-%02d".formatted(i);
      int interval = 1000 + (i % 3) * 500;
      checks.append("  - {id: %s, url: \"http://127.0.0.1:%d/%s\", interval: %dms, timeout: %dms}%n".formatted(id, targetPort, id, interval, interval));
    }
    Files.writeString(run.resolve("checks.yml"), checks);
    return Files.writeString(run.resolve("statuslog.yml"), """
        # Written by the chaos drill: every role of the platform reads this file.
        kafka:
          bootstrapServers: localhost:%d
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: postgres
          password: ""
        checker:
          region: chaos
          spoolDir: %s
        web:
          snapshotFile: %s
        server:
          applicationConnectors: [{type: http, port: %d}]
          adminConnectors: [{type: http, port: %d}]
          # The drill asks for the page every second and counts the answers itself.
          requestLog: {appenders: []}
        logging:
          level: INFO
          loggers:
            org.apache.kafka: WARN
            org.apache.kafka.clients.NetworkClient: ERROR
            kafka: WARN
            org.flywaydb: WARN
            org.eclipse.jetty: WARN
        """.formatted(brokerPort, TOPIC_PREFIX, jdbcUrl, run.resolve("spool"), run.resolve("web-snapshot.json"), webPort, freePort()));
  }

  private int targetPort() {
    return target.port();
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static synchronized void say(String format, Object... args) {
    System.out.println(args.length == 0 ? format : format.formatted(args));
    System.out.flush();
  }
}

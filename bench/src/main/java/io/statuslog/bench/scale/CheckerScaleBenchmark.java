package io.statuslog.bench.scale;

import io.statuslog.bench.Readiness;
import io.statuslog.bench.chaos.Role;
import io.statuslog.bench.chaos.ServerMain;
import io.statuslog.checker.core.ScheduleLag;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The scale benchmark (bench/checker.sh): one checker process holding N http checks at a 30 s
 * interval against a local nginx, measured from outside for a window of M minutes after a
 * warm-up, then blackbox_exporter driven at the same rate against the same nginx for a window of
 * the same length, as the baseline. CPU time and resident memory come from /proc, probes and
 * their arrival times from the target's access log, results from the log (read_committed,
 * distinct ids). It prints both side by side, and the goals with PASS or FAIL.
 *
 * <p>Arguments: run dir, checkout root (for ./statuslog), [minutes, default 5], [checks, default 10000].
 * Environment: BENCH_CHECKER_JAVA_OPTS, JVM options added to the checker's defaults (a JFR
 * recording, say); BENCH_WARMUP_SECONDS (default 60).
 *
 * <p>Exit code: 0 every goal met, 1 a goal missed, 2 the benchmark could not run.
 */
public final class CheckerScaleBenchmark {
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final String CHECKER_PATHS = "/c/";
  static final String BLACKBOX_PATHS = "/b/";
  private static final Duration READY_WITHIN = Duration.ofMinutes(3);
  private static final long LAG_GOAL_MS = 500;
  private static final long HEAP_GOAL_MIB = 256;

  private final Path run;
  private final Path root;
  private final Duration window;
  private final Duration warmup;
  private final int checks;
  private final int brokerPort;
  private final KafkaSettings kafka;
  private final List<String> jvm;
  private final Role broker;
  private final List<Role> started = new ArrayList<>();
  private volatile ProbeTarget target;

  /** What one prober did in its window, measured from outside. */
  record Figures(String name, long pid, Instant from, Instant to, long cpuNanos, long rssKib, long peakRssKib, long maxRssInWindowKib,
                 double loadMin, double loadMax, double machineCoresBusy, long otherCpuNanos) {
    double seconds() {
      return Duration.between(from, to).toMillis() / 1000.0;
    }
  }

  private CheckerScaleBenchmark(Path run, Path root, Duration window, Duration warmup, int checks) throws IOException {
    this.run = run;
    this.root = root;
    this.window = window;
    this.warmup = warmup;
    this.checks = checks;
    this.brokerPort = freePort();
    this.kafka = KafkaSettings.of("localhost:" + brokerPort, "scale");
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    this.jvm = List.of(java);
    this.broker = new Role("broker", List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        ServerMain.class.getName(), "kafka", run.resolve("kafka").toString(), Integer.toString(brokerPort)), run.resolve("broker.log"));
  }

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]).toAbsolutePath();
    Path root = Path.of(args[1]).toAbsolutePath();
    double minutes = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    int checks = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    long warmupSeconds = Long.parseLong(Optional.ofNullable(System.getenv("BENCH_WARMUP_SECONDS")).orElse("60"));
    Files.createDirectories(run);
    CheckerScaleBenchmark bench = new CheckerScaleBenchmark(run, root, Duration.ofSeconds(Math.round(minutes * 60)), Duration.ofSeconds(warmupSeconds), checks);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::killEverything, "scale-cleanup"));
    int code;
    try {
      code = bench.run();
    } catch (Exception e) {
      say("BENCHMARK ERROR: " + e);
      e.printStackTrace(System.out);
      code = 2;
    }
    System.exit(code);
  }

  private int run() throws Exception {
    double rate = checks / (double) INTERVAL.toSeconds();
    say("run directory %s (a log file per process)", run);
    say("machine: %d CPUs, load average %.2f; %s %s", Runtime.getRuntime().availableProcessors(), ProcessFigures.loadAverage(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"));
    say("%d http checks every %d s = %.0f probes/s; warm-up %d s, then a window of %d s per prober", checks, INTERVAL.toSeconds(), rate,
        warmup.toSeconds(), window.toSeconds());

    // Given a plain HTTP target on 127.0.0.1 that logs every request it answers
    ProbeTarget target = startTarget();
    this.target = target;
    say("target: %s at %s (plain HTTP: %s)", target.describe(), target.baseUrl(),
        "both probers make a new TCP connection per probe; TLS would measure the JDK's and Go's crypto instead");

    // When one checker holds the checks for the window
    broker.start();
    started.add(broker);
    awaitReady("broker", this::brokerReady);
    Path config = writeConfig();
    writeChecks(target, CHECKER_PATHS, run.resolve("checks.yml"));
    applyChecks(config);
    Role checker = startChecker(config);
    awaitReady("checker holding " + checks + " checks", () -> CheckerLogs.count(checker.log(), "checks scheduled checks=" + checks) > 0);
    say("checker pid %d holds %d checks; warming up %d s", checker.pid(), checks, warmup.toSeconds());
    Thread.sleep(warmup.toMillis());
    Figures statuslog = measure("statuslog checker", checker.pid(), () -> safeCpu(broker.pid()));
    say("checker window over; stopping it (SIGTERM: it finishes its probes and delivers its spool)");
    stopCheckerDelivered(checker, config);
    Arrivals checkerArrivals = Arrivals.read(target.flushedAccessLog());
    LogCount log = LogCount.read(kafka);
    Map<String, Long> answered = checkerArrivals.answered(CHECKER_PATHS);
    List<CheckerLogs.Minute> minutes = CheckerLogs.scheduleLines(checker.log(), statuslog.from(), statuslog.to().plusSeconds(1));
    CheckerLogs.Heap heap = CheckerLogs.heap(run.resolve("checker-gc.log"), statuslog.from(), statuslog.to());

    // And blackbox_exporter driven at the same rate against the same target, for a window as long
    Optional<Path> blackboxBinary = blackboxBinary();
    Figures blackbox = null;
    ScheduleLag.Snapshot driverLag = null;
    long driverFailed = 0;
    long driverSkipped = 0;
    if (blackboxBinary.isEmpty()) {
      say("blackbox_exporter is not installed (apt-get install prometheus-blackbox-exporter): no baseline");
    } else {
      int port = freePort();
      Path bbConfig = Files.writeString(run.resolve("blackbox.yml"), """
          # Written by bench/checker.sh: http_2xx as Debian's /etc/prometheus/blackbox.yml defines it.
          modules:
            http_2xx:
              prober: http
          """);
      Role exporter = new Role("blackbox", List.of(blackboxBinary.get().toString(), "--config.file=" + bbConfig, "--web.listen-address=127.0.0.1:" + port,
          "--log.level=warn"), run.resolve("blackbox.log"));
      exporter.start();
      started.add(exporter);
      String exporterUrl = "http://127.0.0.1:" + port;
      awaitReady("blackbox_exporter", () -> answers200(exporterUrl + "/-/healthy"));
      say("blackbox_exporter %s pid %d at %s; driving %d targets every %d s; warming up %d s", version(blackboxBinary.get()), exporter.pid(), exporterUrl,
          checks, INTERVAL.toSeconds(), warmup.toSeconds());
      List<String> targets = new ArrayList<>();
      for (int i = 1; i <= checks; i++) {
        targets.add(target.baseUrl() + BLACKBOX_PATHS + checkId(i));
      }
      long benchPid = ProcessHandle.current().pid();
      try (BlackboxDriver driver = new BlackboxDriver(exporterUrl, TIMEOUT)) {
        driver.start(targets, INTERVAL);
        Thread.sleep(warmup.toMillis());
        driver.lagSinceLast();
        long failedBefore = driver.failed();
        long skippedBefore = driver.skipped();
        blackbox = measure("blackbox_exporter", exporter.pid(), () -> safeCpu(benchPid));
        driverLag = driver.lagSinceLast();
        driverFailed = driver.failed() - failedBefore;
        driverSkipped = driver.skipped() - skippedBefore;
      }
      exporter.stop(Duration.ofSeconds(10));
    }
    Arrivals allArrivals = Arrivals.read(target.flushedAccessLog());
    target.close();
    broker.stop(Duration.ofSeconds(30));

    // Then the figures side by side, and the goals
    return report(rate, target, statuslog, checkerArrivals, log, answered, minutes, heap, checker, blackbox, allArrivals, driverLag, driverFailed, driverSkipped);
  }

  private int report(double rate, ProbeTarget target, Figures statuslog, Arrivals checkerArrivals, LogCount log, Map<String, Long> answered,
                     List<CheckerLogs.Minute> minutes, CheckerLogs.Heap heap, Role checker, Figures blackbox, Arrivals allArrivals,
                     ScheduleLag.Snapshot driverLag, long driverFailed, long driverSkipped) throws IOException {
    long intervalMs = INTERVAL.toMillis();
    long sProbes = checkerArrivals.within(CHECKER_PATHS, statuslog.from().toEpochMilli(), statuslog.to().toEpochMilli());
    Arrivals.Lag sLag = checkerArrivals.lag(CHECKER_PATHS, intervalMs, statuslog.from().toEpochMilli(), statuslog.to().toEpochMilli());
    long ownP99 = minutes.stream().mapToLong(CheckerLogs.Minute::p99).max().orElse(-1);
    long ownMax = minutes.stream().mapToLong(CheckerLogs.Minute::max).max().orElse(-1);
    long lost = log.lost(answered);
    long unexplained = log.unexplained(answered);
    long answeredTotal = answered.values().stream().mapToLong(Long::longValue).sum();

    long bProbes = 0;
    Arrivals.Lag bLag = null;
    if (blackbox != null) {
      bProbes = allArrivals.within(BLACKBOX_PATHS, blackbox.from().toEpochMilli(), blackbox.to().toEpochMilli());
      bLag = allArrivals.lag(BLACKBOX_PATHS, intervalMs, blackbox.from().toEpochMilli(), blackbox.to().toEpochMilli());
    }

    System.out.println();
    say("target: %s", target.describe());
    String row = "%-42s %20s %20s%n";
    System.out.printf(row, "", "Statuslog checker", blackbox == null ? "(no baseline)" : "blackbox_exporter");
    System.out.printf(row, "window (s)", f1(statuslog.seconds()), blackbox == null ? "" : f1(blackbox.seconds()));
    System.out.printf(row, "probes answered by the target in window", sProbes, blackbox == null ? "" : bProbes);
    System.out.printf(row, "probes/s achieved (asked " + f0(rate) + "/s)", f1(sProbes / statuslog.seconds()), blackbox == null ? "" : f1(bProbes / blackbox.seconds()));
    System.out.printf(row, "CPU-seconds (utime+stime, /proc)", f2(statuslog.cpuNanos() / 1e9), blackbox == null ? "" : f2(blackbox.cpuNanos() / 1e9));
    System.out.printf(row, "% of one core", f1(100 * statuslog.cpuNanos() / 1e9 / statuslog.seconds()), blackbox == null ? "" : f1(100 * blackbox.cpuNanos() / 1e9 / blackbox.seconds()));
    double sPerCpu = sProbes / (statuslog.cpuNanos() / 1e9);
    double bPerCpu = blackbox == null ? Double.NaN : bProbes / (blackbox.cpuNanos() / 1e9);
    System.out.printf(row, "probes per CPU-second", f0(sPerCpu), blackbox == null ? "" : f0(bPerCpu));
    System.out.printf(row, "CPU ms per 1 000 probes", f0(statuslog.cpuNanos() / 1e6 / sProbes * 1000), blackbox == null ? "" : f0(blackbox.cpuNanos() / 1e6 / bProbes * 1000));
    System.out.printf(row, "RSS at end of window (MiB)", statuslog.rssKib() / 1024, blackbox == null ? "" : blackbox.rssKib() / 1024);
    System.out.printf(row, "RSS max in window / peak VmHWM (MiB)", statuslog.maxRssInWindowKib() / 1024 + " / " + statuslog.peakRssKib() / 1024,
        blackbox == null ? "" : blackbox.maxRssInWindowKib() / 1024 + " / " + blackbox.peakRssKib() / 1024);
    System.out.printf(row, "schedule lag p99 / max, own count (ms)", ownP99 < 0 ? "no minute line" : "<=" + ownP99 + " / " + ownMax,
        driverLag == null ? "" : "<=" + driverLag.p99Ms() + " / " + driverLag.maxMs() + " (driver)");
    System.out.printf(row, "arrival lag p50 / p99 / max at target (ms)", sLag.p50() + " / " + sLag.p99() + " / " + sLag.max(),
        bLag == null ? "" : bLag.p50() + " / " + bLag.p99() + " / " + bLag.max());
    System.out.printf(row, "beats missing at the target in window", sLag.skippedBeats(), bLag == null ? "" : bLag.skippedBeats() + " (" + driverSkipped + " skipped by driver)");
    System.out.printf(row, "probes failed", log.notUp() + " not UP (whole run)", blackbox == null ? "" : driverFailed + " probe_success 0");
    System.out.printf(row, "load average, min-max in window", f2(statuslog.loadMin()) + "-" + f2(statuslog.loadMax()),
        blackbox == null ? "" : f2(blackbox.loadMin()) + "-" + f2(blackbox.loadMax()));
    System.out.printf(row, "machine cores busy, all processes", f2(statuslog.machineCoresBusy()), blackbox == null ? "" : f2(blackbox.machineCoresBusy()));
    System.out.printf(row, "beside it: CPU-s of", "broker " + f1(statuslog.otherCpuNanos() / 1e9), blackbox == null ? "" : "driver " + f1(blackbox.otherCpuNanos() / 1e9));
    System.out.println();
    say("checker minutes in the window (its own log): %s", minutes.stream().map(m -> "p99<=" + m.p99() + "ms max=" + m.max() + "ms").toList());
    say("checker heap: %s, max %s MiB; %d collections in the window, at most %d MiB live after one, %.0f ms of pauses",
        heap.collector(), heap.maxMib().isPresent() ? heap.maxMib().getAsLong() : "?", heap.collections(), heap.maxAfterGcMib(), heap.pauseMillis());
    say("results: the target answered %d checker probes in the whole run; the log holds %d results (read_committed, distinct ids), %d duplicates, %d without an HTTP answer; lost %d, unexplained extra %d",
        answeredTotal, log.total(), log.duplicates(), log.noAnswer().values().stream().mapToLong(Long::longValue).sum(), lost, unexplained);
    say("checker log: %d 'probe skipped' warnings, %d ERROR lines", CheckerLogs.count(checker.log(), "probe skipped"), CheckerLogs.count(checker.log(), " ERROR "));

    System.out.println();
    List<String> failed = new ArrayList<>();
    goal(failed, "holds the rate: probes/s >= 99% of " + f0(rate), sProbes / statuslog.seconds() >= 0.99 * rate,
        f1(sProbes / statuslog.seconds()) + "/s");
    goal(failed, "p99 schedule lag < " + LAG_GOAL_MS + " ms (own count, every minute; and at the target)",
        ownP99 >= 0 && ownP99 < LAG_GOAL_MS && sLag.p99() < LAG_GOAL_MS, "own <=" + ownP99 + " ms, target " + sLag.p99() + " ms");
    goal(failed, "no result lost (answered = in the log, no duplicates)", lost == 0 && unexplained == 0 && log.duplicates() == 0,
        "lost " + lost + ", duplicates " + log.duplicates() + ", unexplained " + unexplained);
    goal(failed, "heap <= " + HEAP_GOAL_MIB + " MiB", heap.maxMib().isPresent() && heap.maxMib().getAsLong() <= HEAP_GOAL_MIB,
        "max heap " + (heap.maxMib().isPresent() ? heap.maxMib().getAsLong() + " MiB" : "unknown") + ", RSS peak " + statuslog.peakRssKib() / 1024 + " MiB");
    if (blackbox == null) {
      failed.add("no baseline");
      say("GOAL  probes per CPU-second >= blackbox_exporter's: UNKNOWN (no baseline)");
    } else {
      goal(failed, "probes per CPU-second >= blackbox_exporter's", sPerCpu >= bPerCpu, f0(sPerCpu) + " vs " + f0(bPerCpu) + " (" + f2(sPerCpu / bPerCpu) + "x)");
    }
    say(failed.isEmpty() ? "PASS: every goal met" : "FAIL: " + String.join("; ", failed));
    return failed.isEmpty() ? 0 : 1;
  }

  private static void goal(List<String> failed, String goal, boolean met, String figure) {
    say("GOAL  %s: %s (%s)", goal, met ? "PASS" : "FAIL", figure);
    if (!met) {
      failed.add(goal);
    }
  }

  /**
   * A window of the prober's life: CPU time and resident memory from /proc at its start and end,
   * resident memory and load sampled every 5 s, and the CPU of {@code other} (the broker, or the
   * driver) over the same window, for the report.
   */
  private Figures measure(String name, long pid, LongSupplier otherCpu) throws IOException, InterruptedException {
    ProcessFigures.MachineTicks machineBefore = ProcessFigures.MachineTicks.now();
    long otherBefore = otherCpu.getAsLong();
    Instant from = Instant.now();
    long cpuBefore = ProcessFigures.cpuNanos(pid);
    long end = System.nanoTime() + window.toNanos();
    double loadMin = Double.MAX_VALUE;
    double loadMax = 0;
    long maxRss = 0;
    say("%s window starts (pid %d, load %.2f)", name, pid, ProcessFigures.loadAverage());
    long nextProgress = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      double load = ProcessFigures.loadAverage();
      loadMin = Math.min(loadMin, load);
      loadMax = Math.max(loadMax, load);
      maxRss = Math.max(maxRss, ProcessFigures.rssKib(pid));
      if (System.nanoTime() >= nextProgress) {
        say("  %s: %.0f s in, %.1f CPU-s so far, RSS %d MiB, load %.2f", name, (System.nanoTime() - (end - window.toNanos())) / 1e9,
            (ProcessFigures.cpuNanos(pid) - cpuBefore) / 1e9, ProcessFigures.rssKib(pid) / 1024, load);
        nextProgress += Duration.ofMinutes(1).toNanos();
      }
    }
    long cpuAfter = ProcessFigures.cpuNanos(pid);
    Instant to = Instant.now();
    long rss = ProcessFigures.rssKib(pid);
    long peak = ProcessFigures.peakRssKib(pid);
    Figures figures = new Figures(name, pid, from, to, cpuAfter - cpuBefore, rss, peak, Math.max(maxRss, rss), loadMin, loadMax,
        ProcessFigures.MachineTicks.now().coresBusySince(machineBefore), otherCpu.getAsLong() - otherBefore);
    say("%s window over: %.2f CPU-s in %.1f s, RSS %d MiB", name, figures.cpuNanos() / 1e9, figures.seconds(), rss / 1024);
    return figures;
  }

  private static long safeCpu(long pid) {
    try {
      return ProcessFigures.cpuNanos(pid);
    } catch (IOException e) {
      return 0;
    }
  }

  private ProbeTarget startTarget() throws IOException, InterruptedException {
    Optional<Path> nginx = NginxTarget.binary();
    if (nginx.isPresent()) {
      ProbeTarget target = NginxTarget.start(nginx.get(), run.resolve("nginx"), freePort());
      return target;
    }
    say("nginx is not installed (apt-get install nginx): the target is the JDK's HTTP server in this JVM");
    return new JavaTarget(run.resolve("target"));
  }

  /**
   * The checker as an operator runs it: ./statuslog with its defaults for the checker role, and
   * a GC log (plus BENCH_CHECKER_JAVA_OPTS) added. The script execs java, so the pid started is
   * the checker JVM's.
   */
  private Role startChecker(Path config) throws IOException {
    String opts = "-Xlog:gc,gc+init:file=" + run.resolve("checker-gc.log") + ":time " + Optional.ofNullable(System.getenv("BENCH_CHECKER_JAVA_OPTS")).orElse("");
    Role checker = new Role("checker", List.of("/usr/bin/env", "STATUSLOG_JAVA_OPTS=" + opts.strip(), root.resolve("statuslog").toString(),
        "checker", "-c", config.toString()), run.resolve("checker.log"));
    checker.start();
    started.add(checker);
    return checker;
  }

  /**
   * SIGTERM, as a service manager stops it: the checker finishes its probes and delivers its
   * spool. Whatever it could not deliver in its few seconds of grace stays in the spool; it is
   * then started again to deliver it (probing on meanwhile; those probes count too).
   */
  private void stopCheckerDelivered(Role checker, Path config) throws Exception {
    for (int attempt = 1; ; attempt++) {
      Optional<Integer> code = checker.stop(Duration.ofSeconds(90));
      long pending;
      try (var spool = io.statuslog.checker.spool.ResultSpool.open(run.resolve("spool"), Long.MAX_VALUE,
          (io.statuslog.schemas.kafka.AvroSerde<io.statuslog.schemas.events.CheckResult>) kafka.topics().checkResults().valueSerde())) {
        pending = spool.pending();
      }
      say("checker stopped (%s); %d results left in its spool", code.map(c -> "exit code " + c).orElse("killed after 90 s"), pending);
      if (pending == 0) {
        return;
      }
      if (attempt == 3) {
        throw new IllegalStateException(pending + " results still in the spool after " + attempt + " stops");
      }
      checker.start();
      Thread.sleep(20_000);
    }
  }

  private Path writeConfig() throws IOException {
    return Files.writeString(run.resolve("statuslog.yml"), """
        # Written by bench/checker.sh.
        kafka:
          bootstrapServers: localhost:%d
          topicPrefix: scale
        checker:
          region: scale
          spoolDir: %s
        """.formatted(brokerPort, run.resolve("spool")));
  }

  private void writeChecks(ProbeTarget target, String prefix, Path file) throws IOException {
    StringBuilder yaml = new StringBuilder("checks:\n");
    for (int i = 1; i <= checks; i++) {
      yaml.append("  - {id: %s, url: \"%s%s%s\", interval: %ds, timeout: %ds}%n".formatted(checkId(i), target.baseUrl(), prefix, checkId(i),
          INTERVAL.toSeconds(), TIMEOUT.toSeconds()));
    }
    Files.writeString(file, yaml);
  }

  static String checkId(int i) {
    return "c%05d".formatted(i);
  }

  private void applyChecks(Path config) throws Exception {
    Path jar = root.resolve("app/target/statuslog.jar");
    Path out = run.resolve("checks-apply.log");
    Process apply = new ProcessBuilder(concat(jvm, "-Xmx256m", "-jar", jar.toString(), "checks", "apply", run.resolve("checks.yml").toString(), "-c", config.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!apply.waitFor(3, TimeUnit.MINUTES) || apply.exitValue() != 0) {
      throw new IllegalStateException("statuslog checks apply failed; see " + out);
    }
    say("checks applied: %s", Files.readString(out).lines().reduce((a, b) -> b).orElse(""));
  }

  private static Optional<Path> blackboxBinary() {
    for (String candidate : List.of("/usr/bin/prometheus-blackbox-exporter", "/usr/local/bin/blackbox_exporter", "/usr/bin/blackbox_exporter")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Optional.of(Path.of(candidate));
      }
    }
    return Optional.empty();
  }

  private static String version(Path binary) {
    try {
      String out = new String(new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start().getInputStream().readAllBytes());
      return out.lines().findFirst().orElse("").replaceAll("^blackbox_exporter, version (\\S+).*", "$1");
    } catch (IOException e) {
      return "?";
    }
  }

  private void awaitReady(String what, Readiness readiness) throws Exception {
    Readiness.await(what, READY_WITHIN, readiness, this::failIfARoleExited);
  }

  private void failIfARoleExited() {
    for (Role role : started) {
      if (!role.isAlive()) {
        throw new IllegalStateException(role.name() + " exited; see " + role.log());
      }
    }
  }

  private boolean brokerReady() throws Exception {
    var props = kafka.clientProperties("scale-bench-ready");
    props.put("request.timeout.ms", 5_000);
    props.put("default.api.timeout.ms", 5_000);
    try (Admin admin = Admin.create(props)) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    }
  }

  private static boolean answers200(String url) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }
  }

  private void killEverything() {
    started.forEach(Role::killQuietly);
    try {
      if (target != null) {
        target.close();
      }
    } catch (Exception e) {
      // the JVM is exiting; nothing more to do
    }
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

  private static String f0(double value) {
    return "%.0f".formatted(value);
  }

  private static String f1(double value) {
    return "%.1f".formatted(value);
  }

  private static String f2(double value) {
    return "%.2f".formatted(value);
  }

  static synchronized void say(String format, Object... args) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + (args.length == 0 ? format : format.formatted(args)));
    System.out.flush();
  }
}

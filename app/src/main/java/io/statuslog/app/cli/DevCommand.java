package io.statuslog.app.cli;

import io.statuslog.app.dev.DemoTargets;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.ingest.IngestApplication;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.secret.SecretToken;
import io.statuslog.web.WebApplication;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole platform in one process on embedded defaults: a real Kafka broker and a real
 * PostgreSQL server with their data under {@code --data-dir}, the projector, a checker, the web
 * tier, ingest (for remote agents and push monitors), demo targets to probe and a demo push
 * check. Stopping and starting again keeps the history.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Run everything locally on embedded Kafka and PostgreSQL.")
public final class DevCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DevCommand.class);
  /** The demo targets listen on the HTTP port + 4: the same on every start, so their checks' URLs stay. */
  private static final int DEMO_OFFSET = 4;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of the status page (admin port is this + 1, ingest + 2, its admin + 3, the demo targets + 4). Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--data-dir", defaultValue = ".statuslog", description = "Where Kafka and PostgreSQL keep their data. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--checks", description = "Checks file to probe instead of the demo targets.")
  Path checks;

  @Spec CommandSpec spec;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    // A bad checks file is refused before anything starts, not after Kafka and PostgreSQL have.
    List<CheckSpec> given = null;
    if (checks != null) {
      Optional<List<CheckSpec>> read = ChecksCommand.readOrListProblems(checks, spec, "nothing was started");
      if (read.isEmpty()) {
        return 2;
      }
      given = read.get();
    }
    requireFreePorts();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "dev-shutdown"));
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);

    EmbeddedKafka.requireUnused(dir.resolve("kafka"));
    // Dev's own hook stops PostgreSQL last, after the roles that use it.
    EmbeddedPostgresServer postgres = register(EmbeddedPostgresServer.start(dir.resolve("postgres"), 0).stoppedByOwnerAtExit());
    EmbeddedKafka kafka = register(EmbeddedKafka.start(dir.resolve("kafka"), 0));

    List<CheckSpec> toApply = given;
    if (toApply == null) {
      DemoTargets demo = register(DemoTargets.start(Clock.systemUTC(), httpPort + DEMO_OFFSET));
      Path demoChecks = Files.writeString(dir.resolve("demo-checks.yml"), demo.checksYaml());
      toApply = ChecksFile.read(demoChecks);
    }

    Path configFile = dir.resolve("statuslog.yml");
    Files.writeString(configFile, DevConfig.yaml(kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(), dir, httpPort));

    ProjectorConfiguration projectorConfig = ConfigFiles.load(configFile, ProjectorConfiguration.class);
    register(ProjectorService.start(projectorConfig, Databases.unpooled(projectorConfig.database()), ProjectorLoop.Observer.NONE));
    CheckerConfiguration checkerConfig = ConfigFiles.load(configFile, CheckerConfiguration.class);
    DefinitionsLog.Applied applied = new DefinitionsLog(checkerConfig.kafka()).applyIssuingPushTokens(toApply);
    LOG.info("dev applied its checks: {}", applied.diff().summary());
    register(CheckerService.start(checkerConfig, Clock.systemUTC()));
    new WebApplication().run("server", configFile.toString());
    new IngestApplication().run("server", configFile.toString());
    IngestConfiguration.Ingest ingest = ConfigFiles.load(configFile, IngestConfiguration.class).getIngest();
    Map<String, SecretToken> pushTokens = new TreeMap<>(applied.issuedPushTokens());
    if (checks == null) {
      pushTokens.put("demo-heartbeat", SecretToken.of(DemoTargets.PUSH_TOKEN));
    }

    Duration startup = Duration.ofNanos(System.nanoTime() - started);
    System.out.print(banner(startup, ingest, pushLines(toApply, pushTokens, ingest), configFile, dir));
    new CountDownLatch(1).await();
    return 0;
  }

  /** Its ports, checked before anything starts: a port in use is one line, not a stack trace after a minute. */
  private void requireFreePorts() {
    int last = httpPort + (checks == null ? DEMO_OFFSET : 3);
    for (int port = httpPort; port <= last; port++) {
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException inUse) {
        throw new IllegalStateException("port " + port + " is in use (another statuslog dev?); dev takes ports " + httpPort + " to " + last
            + ": pass --http-port N for N to N+" + (last - httpPort));
      }
    }
  }

  /** What a person needs to start using dev: where each part answers, and what to try first. */
  private String banner(Duration startup, IngestConfiguration.Ingest ingest, String push, Path configFile, Path dir) {
    return """

        Statuslog is running (started in %.1f s).
          Status page: http://localhost:%d/
          JSON API:    http://localhost:%d/api/v1/summary
          Admin API:   http://localhost:%d/api/v1/admin/incidents (Authorization: Bearer dev-admin-token)
          Ingest:      %s/v1/results (add an agent: ./statuslog agents add NAME --region REGION -c %s)
        %s  Config:      %s (use with -c)
          Data:        %s
        Press Ctrl-C to stop; history is kept in the data directory.

        """.formatted(startup.toMillis() / 1000.0, httpPort, httpPort, httpPort, ingest.baseUrl(), configFile, push, configFile, dir);
  }

  /**
   * A line per push check: its URL when dev knows the token (issued on this start, or the demo's),
   * else where the token is, since the log keeps only its hash and a restart issues none.
   */
  static String pushLines(List<CheckSpec> checks, Map<String, SecretToken> knownTokens, IngestConfiguration.Ingest ingest) {
    StringBuilder lines = new StringBuilder();
    for (CheckSpec check : checks) {
      if (check.target() instanceof Target.Push push) {
        SecretToken token = knownTokens.get(check.id());
        if (token != null) {
          lines.append("  Push URL:    curl '%s'   (check %s: what its job calls)%n".formatted(ingest.pushUrl(token), check.id()));
        } else {
          String where = push.tokenHash().isPresent() ? "its token: in the checks file" : "its token, printed when an earlier start issued it";
          lines.append("  Push URL:    %s/v1/push/<%s>   (check %s; the log keeps only a hash)%n".formatted(ingest.baseUrl(), where, check.id()));
        }
      }
    }
    return lines.toString();
  }

  private <T extends AutoCloseable> T register(T resource) {
    running.push(resource);
    return resource;
  }

  private void stopAll() {
    while (!running.isEmpty()) {
      AutoCloseable resource = running.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("dev shutdown: {} did not stop cleanly: {}", resource, e.toString());
      }
    }
  }
}

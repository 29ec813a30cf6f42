package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.testkit.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Bad input on the command line: a non-zero exit and one line that says what is wrong, found
 * before anything is started or connected to.
 */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void aMissingConfigFileIsNamed() {
    Run run = run("checker", "-c", dir.resolve("nope.yml").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("statuslog checker: " + dir.resolve("nope.yml") + ": no such file");
  }

  @Test
  void aSubcommandsErrorNamesTheWholeCommand() {
    Run run = run("agents", "list", "-c", dir.resolve("nope.yml").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("statuslog agents list: " + dir.resolve("nope.yml") + ": no such file");
  }

  @Test
  void aCountBelowOneIsRefusedAtItsLine() throws Exception {
    Path config = Files.writeString(dir.resolve("statuslog.yml"), "kafka:\n  bootstrapServers: localhost:1\n  partitions: 0\n");

    Run run = run("agents", "list", "-c", config.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("statuslog agents list: " + config + ":3:15: kafka.partitions must be at least 1, got 0");
  }

  @Test
  void anUnknownConfigurationBlockIsRefused() throws Exception {
    Path config = Files.writeString(dir.resolve("statuslog.yml"), "kafka:\n  bootstrapServers: localhost:1\nchekcer:\n  checksFile: x\n");

    Run run = run("checker", "-c", config.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("statuslog checker: " + config + ":3:1: chekcer: unknown configuration block; known blocks are ");
    assertThat(run.err()).hasLineCount(1);
  }

  /** Doctor is the exception: its findings go to stdout, and a file it cannot load is a FAIL (exit 3), not the 1 of a warning. */
  @ParameterizedTest
  @ValueSource(strings = {"checker", "projector", "web", "ingest", "generations", "rebuild", "cutover", "rollback", "verify", "doctor"})
  void everyCommandThatTakesTheFileNamesItsMistakeInOneLine(String command) throws Exception {
    Path config = Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: localhost:1
          partitions: many
        database:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://localhost:1/statuslog
        checker:
          region: eu
        """);

    String mistake = config + ":3:15: kafka.partitions: expected a whole number, got \"many\"";
    if (command.equals("doctor")) {
      Cli.Run doctor = Cli.run(command, "-c", config.toString());
      assertThat(doctor.exit()).isEqualTo(3);
      assertThat(doctor.out()).startsWith("FAIL  configuration: " + mistake + System.lineSeparator());
      return;
    }

    Run run = run(command, "-c", config.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("statuslog " + command + ": " + mistake);
  }

  @Test
  void checksApplyListsEveryProblemAndPublishesNothing() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"),
        "checks:\n  - id: api\n    url: ftp://example.com\n  - id: db\n    type: tcp\n    host: db\n");
    Path config = Files.writeString(dir.resolve("statuslog.yml"), "kafka:\n  bootstrapServers: localhost:1\n");

    Cli.Run run = Cli.run("checks", "apply", checks.toString(), "-c", config.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(String.join(System.lineSeparator(),
        checks + ":3:10: checks[0].url must be an http:// or https:// URL, got ftp://example.com",
        checks + ":4:5: checks[1]: port is required",
        "statuslog checks apply: " + checks + " is refused; nothing was published"));
  }

  @Test
  void devRefusesABadChecksFileBeforeStartingKafkaAndPostgres() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - id: api\n    url: http://localhost:1/\n    interval: soon\n  - {id: db, type: tcp, host: db}\n");
    Path data = dir.resolve("data");

    long started = System.nanoTime();
    Run run = run("dev", "--checks", checks.toString(), "--data-dir", data.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).containsExactly(
        checks + ":4:15: checks[0].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"",
        checks + ":5:5: checks[1]: port is required",
        "statuslog dev: " + checks + " is refused; nothing was started");
    assertThat(data).as("where Kafka and PostgreSQL would keep their data").doesNotExist();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void devRefusesAPortInUseInOneLineBeforeStartingAnything() throws Exception {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Run run = run("dev", "--http-port", String.valueOf(port), "--data-dir", data.toString());

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("statuslog dev: port " + port + " is in use (another statuslog dev?); dev takes ports " + port + " to "
          + (port + 4) + ": pass --http-port N for N to N+4");
      assertThat(data).doesNotExist();
    }
  }

  @Test
  void devRefusesADataDirectoryWhoseBrokerAnotherProcessRunsBeforeStartingAnything() throws Exception {
    // Given another process holding the broker's lock on the data directory, as a dev still stopping does
    Path data = dir.resolve("data");
    Path lock = Files.createDirectories(data.resolve("kafka").resolve("log")).resolve(".lock");
    Files.createFile(lock);
    Path held = dir.resolve("held");
    Process holder = ChildJvm.start(HoldsLock.class, "holds-lock.log", lock.toString(), held.toString());
    try {
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(held));

      Run run = run("dev", "--http-port", String.valueOf(freePort()), "--data-dir", data.toString());

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).isEqualTo("statuslog dev: another process runs a Kafka broker on " + data.toAbsolutePath().resolve("kafka")
          + " (a statuslog dev still stopping, or a second one); wait for it to exit, or pass another --data-dir");
      assertThat(data.resolve("postgres")).as("PostgreSQL was not started").doesNotExist();
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  /** Holds a lock on the file it is given, as a running broker holds its log directory's, until killed; creates the second once it does. */
  public static final class HoldsLock {
    public static void main(String[] args) throws Exception {
      try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(Path.of(args[0]), java.nio.file.StandardOpenOption.WRITE);
          java.nio.channels.FileLock held = channel.lock()) {
        Files.createFile(Path.of(args[1]));
        Thread.sleep(Long.MAX_VALUE);
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void agentsAddRefusesABadNameOrRegionBeforeAskingKafka() throws Exception {
    Path config = Files.writeString(dir.resolve("statuslog.yml"), "kafka:\n  bootstrapServers: localhost:1\n");

    long started = System.nanoTime();
    Run badName = run("agents", "add", "edge 1", "--region", "eu-west", "-c", config.toString());
    Run pushRegion = run("agents", "add", "edge-1", "--region", "push", "-c", config.toString());

    assertThat(badName.exit()).isEqualTo(2);
    assertThat(badName.err()).isEqualTo("statuslog agents add: agent name must be 1-100 characters of letters, digits, '.', '_' or '-', got \"edge 1\"");
    assertThat(pushRegion.exit()).isEqualTo(2);
    assertThat(pushRegion.err()).startsWith("statuslog agents add: region \"push\" is where push heartbeats are recorded");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no Kafka client waited for localhost:1").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Run run = run("frobnicate");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument").contains("frobnicate");
  }

  @Test
  void aBadOptionIsOneLineNamingItAndExits2() {
    Run negative = run("cutover", "--max-lag", "-5", "-c", "statuslog.yml");
    Run unknown = run("doctor", "--frobnicate");

    assertThat(negative.exit()).isEqualTo(2);
    assertThat(negative.err()).isEqualTo("statuslog cutover: --max-lag must be 0 or more, got -5 (see statuslog cutover --help)");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("statuslog doctor: unknown option or argument: --frobnicate (see statuslog doctor --help)");
  }

  @Test
  void doctorHelpListsItsExitCodes() {
    Cli.Run help = Cli.run("doctor", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Exit codes:")
        .containsPattern("0 +every line is OK")
        .containsPattern("1 +at least one WARN and no FAIL")
        .containsPattern("3 +at least one FAIL");
  }

  @Test
  void doctorWithAMissingConfigFileFailsRatherThanWarns() {
    Cli.Run doctor = Cli.run("doctor", "-c", dir.resolve("nope.yml").toString());

    assertThat(doctor.exit()).isEqualTo(3);
    assertThat(doctor.out()).isEqualTo(String.join(System.lineSeparator(),
        "FAIL  configuration: " + dir.resolve("nope.yml") + ": no such file",
        "doctor: 0 warning(s), 1 failure(s)",
        ""));
  }

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Statuslog.commandLine();
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Run(exit, err.toString().strip());
  }
}

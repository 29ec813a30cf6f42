package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor when Kafka and PostgreSQL cannot be reached: one FAIL line per service and exit 3,
 * within seconds, whether the ports refuse connections or accept them and never answer (a
 * firewall, a hung server). Timed here as an operator would wait for it. The other operator
 * commands say in one line that Kafka cannot be reached, too, and exit 1.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
class DoctorUnreachableIT {
  /** Doctor promises 10 s; the bound is generous for a loaded build machine. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void closedPortsFailOneLinePerServiceAtOnce() throws Exception {
    int kafka = closedPort();
    int postgres = closedPort();

    Cli.Run doctor = timedDoctor("closed ports", kafka, postgres);

    assertThat(doctor.exit()).isEqualTo(3);
    assertThat(doctor.out().lines()).satisfiesExactly(
        line -> assertThat(line).isEqualTo("FAIL  kafka: cannot reach 127.0.0.1:" + kafka + " within 5 s"),
        line -> assertThat(line).startsWith("FAIL  postgresql: cannot connect to jdbc:postgresql://127.0.0.1:" + postgres + "/statuslog: ")
            .contains("refused"),
        line -> assertThat(line).isEqualTo("doctor: 0 warning(s), 2 failure(s)"));
    assertThat(doctor.out()).doesNotContain("hunter2");
  }

  @Test
  void portsThatAcceptButNeverAnswerFailWithinTheTimeout() throws Exception {
    try (ServerSocket kafka = silentPort(); ServerSocket postgres = silentPort()) {
      Cli.Run doctor = timedDoctor("silent ports", kafka.getLocalPort(), postgres.getLocalPort());

      assertThat(doctor.exit()).isEqualTo(3);
      assertThat(doctor.out().lines()).satisfiesExactly(
          line -> assertThat(line).isEqualTo("FAIL  kafka: cannot reach 127.0.0.1:" + kafka.getLocalPort() + " within 5 s"),
          line -> assertThat(line).isEqualTo("FAIL  postgresql: cannot connect to jdbc:postgresql://127.0.0.1:" + postgres.getLocalPort() + "/statuslog: Connection attempt timed out."),
          line -> assertThat(line).isEqualTo("doctor: 0 warning(s), 2 failure(s)"));
    }
  }

  @Test
  void operatorCommandsSayKafkaCannotBeReachedInOneLineAndExit1() throws Exception {
    try (ServerSocket kafka = silentPort()) {
      Path config = config(kafka.getLocalPort(), closedPort());
      Path checks = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - id: api\n    url: https://example.com/\n");
      String unreachable = "cannot reach Kafka at 127.0.0.1:" + kafka.getLocalPort() + " within 10 s; is the broker running? (`statuslog doctor` checks every service)";

      // `agents add` answers a refusal with 2; an outage is not one
      Cli.Run add = timed("agents add", "agents", "add", "edge-1", "--region", "eu", "-c", config.toString());
      Cli.Run apply = timed("checks apply", "checks", "apply", checks.toString(), "-c", config.toString());

      assertThat(add.exit()).isEqualTo(1);
      assertThat(add.err()).isEqualTo("statuslog agents add: " + unreachable);
      assertThat(apply.exit()).isEqualTo(1);
      assertThat(apply.err()).isEqualTo("statuslog checks apply: " + unreachable);
    }
  }

  private Cli.Run timed(String what, String... args) {
    long started = System.nanoTime();
    Cli.Run run = Cli.run(args);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("%s against a silent Kafka answered in %d ms: %s%n", what, took.toMillis(), run.err());
    assertThat(took).as(what).isLessThan(Duration.ofSeconds(25));
    return run;
  }

  private Cli.Run timedDoctor(String what, int kafkaPort, int postgresPort) throws Exception {
    Path config = config(kafkaPort, postgresPort);
    long started = System.nanoTime();
    Cli.Run doctor = Cli.run("doctor", "-c", config.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("doctor against %s answered in %d ms:%n%s", what, took.toMillis(), doctor.out());
    assertThat(took).as("doctor against " + what).isLessThan(BOUND);
    return doctor;
  }

  /** A configuration file for these ports. The password in the URL's query string must never be printed. */
  private Path config(int kafkaPort, int postgresPort) throws Exception {
    return Files.writeString(dir.resolve("statuslog.yml"), """
        kafka:
          bootstrapServers: 127.0.0.1:%d
        database:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://127.0.0.1:%d/statuslog?password=hunter2
          user: statuslog
        """.formatted(kafkaPort, postgresPort));
  }

  /** A port nothing listens on: connecting is refused at once. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** A port whose connections the kernel completes but nobody ever reads from or answers. */
  private static ServerSocket silentPort() throws Exception {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }
}

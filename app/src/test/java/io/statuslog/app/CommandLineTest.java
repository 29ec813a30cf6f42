package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input on the command line: a non-zero exit and one line that says what is wrong. */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void aMissingConfigFileIsNamed() {
    Run run = run("checker", "-c", dir.resolve("nope.yml").toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).isEqualTo("statuslog checker: configuration file " + dir.resolve("nope.yml") + " does not exist");
  }

  @Test
  void anUnknownConfigurationBlockIsRefused() throws Exception {
    Path config = Files.writeString(dir.resolve("statuslog.yml"), "kafka:\n  bootstrapServers: localhost:1\nchekcer:\n  checksFile: x\n");

    Run run = run("checker", "-c", config.toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).startsWith("statuslog checker: ").contains("unknown configuration block(s) [chekcer]");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void anInvalidChecksFileNamesTheCheckAndField() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - id: api\n    url: ftp://example.com\n");
    Path config = Files.writeString(dir.resolve("statuslog.yml"),
        "kafka:\n  bootstrapServers: localhost:1\nchecker:\n  checksFile: " + checks + "\n");

    Run run = run("checker", "-c", config.toString());

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("check api: url must be an http:// or https:// URL");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    Run run = run("frobnicate");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument").contains("frobnicate");
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
        "FAIL  configuration: configuration file " + dir.resolve("nope.yml") + " does not exist",
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

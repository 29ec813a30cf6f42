package io.statuslog.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.web.WebConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of mistake in statuslog.yml is one line: the file, the line and column, the field
 * as written in the YAML, and the reason in configuration terms, never a Java class name.
 */
class ConfigFilesTest {
  private static final String KAFKA = "kafka:\n  bootstrapServers: localhost:9092\n";
  private static final String DATABASE = "database:\n  driverClass: org.postgresql.Driver\n  url: jdbc:postgresql://localhost/statuslog\n";

  @TempDir Path dir;

  @Test
  void aGoodFileLoadsWithItsVariablesReplaced() throws Exception {
    CheckerConfiguration config =
        load(CheckerConfiguration.class, KAFKA + "checker:\n  spoolDir: ${STATUSLOG_TEST_UNSET_SPOOL:-/var/spool}\n");

    assertThat(config.checker().spoolDir()).isEqualTo(Path.of("/var/spool"));
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnes() {
    assertThat(problem(CheckerConfiguration.class, KAFKA + "checker:\n  region: eu\n  spoolMaxByte: 5\n"))
        .isEqualTo("statuslog.yml:5:3: checker.spoolMaxByte: unknown field (did you mean spoolMaxBytes?); known fields are agent, region, spoolDir, spoolMaxBytes");
    assertThat(problem(WebConfiguration.class, DATABASE + "web:\n  refreshEvry: 5s\n"))
        .isEqualTo("statuslog.yml:5:3: web.refreshEvry: unknown field (did you mean refreshEvery?); known fields are adminToken, queryTimeout, refreshEvery, snapshotFile, staleAfter");
  }

  @Test
  void aValueOfTheWrongTypeIsNamedAtTheValue() {
    assertThat(problem(CheckerConfiguration.class, KAFKA + "checker:\n  region: eu\n  spoolMaxBytes: lots\n"))
        .isEqualTo("statuslog.yml:5:18: checker.spoolMaxBytes: expected a whole number, got \"lots\"");
    assertThat(problem(WebConfiguration.class, DATABASE + "web:\n  refreshEvery: soon\n"))
        .isEqualTo("statuslog.yml:5:17: web.refreshEvery: expected a duration such as 500ms, 30s or 5m, got \"soon\"");
    assertThat(problem(ProjectorConfiguration.class, "kafka: localhost:9092\n" + DATABASE))
        .isEqualTo("statuslog.yml:1:8: kafka: expected a block of settings, got \"localhost:9092\"");
  }

  @Test
  void aMissingRequiredFieldIsNamedAtItsBlock() {
    assertThat(problem(ProjectorConfiguration.class, "kafka:\n  topicPrefix: sl\n" + DATABASE))
        .isEqualTo("statuslog.yml:1:1: kafka.bootstrapServers is required");
    assertThat(problem(WebConfiguration.class, "database:\n  driverClass: org.postgresql.Driver\n"))
        .isEqualTo("statuslog.yml:1:1: database.url must not be empty");
  }

  @Test
  void aRequiredBlockGivenAsNothingIsRefused() {
    assertThat(problem(ProjectorConfiguration.class, "kafka:\n" + DATABASE))
        .isEqualTo("statuslog.yml:1:7: kafka: expected a block of settings, got nothing");
  }

  @Test
  void aValueTheCodeRefusesIsNamedAtTheValue() {
    assertThat(problem(CheckerConfiguration.class, KAFKA + "checker:\n  region: eu\n  agent: eu west\n"))
        .isEqualTo("statuslog.yml:5:10: checker.agent must be 1-100 characters of letters, digits, '.', '_' or '-', got eu west");
    assertThat(problem(ProjectorConfiguration.class, KAFKA + DATABASE + "projector:\n  maxBatch: 0\n"))
        .isEqualTo("statuslog.yml:7:13: projector.maxBatch must be at least 1, got 0");
    assertThat(problem(WebConfiguration.class, DATABASE + "server:\n  applicationConnectors:\n    - type: http\n      port: -2\n"))
        .isEqualTo("statuslog.yml:7:13: server.applicationConnectors[0].port must be between 1 and 65535");
  }

  @Test
  void anUnknownTypeIsNamedWithTheKnownOnes() {
    assertThat(problem(WebConfiguration.class, DATABASE + "server:\n  applicationConnectors:\n    - type: htp\n      port: 8080\n"))
        .isEqualTo("statuslog.yml:6:7: server.applicationConnectors[0].type: unknown type \"htp\"; known types are http, https");
  }

  @Test
  void anUnknownBlockIsNamedWithTheKnownOnes() {
    assertThat(problem(CheckerConfiguration.class, KAFKA + "chekcer:\n  region: eu\n"))
        .startsWith("statuslog.yml:3:1: chekcer: unknown configuration block; known blocks are ")
        .contains("checker, database,")
        .endsWith(", web");
  }

  @Test
  void malformedYamlIsNamedWhereTheParserStopped() {
    assertThat(problem(CheckerConfiguration.class, KAFKA + "checker:\n  spoolDir: s\n region: eu\n"))
        .isEqualTo("statuslog.yml:5:2: malformed YAML: the indentation does not match the lines above");
    assertThat(problem(CheckerConfiguration.class, "")).isEqualTo("statuslog.yml:1:1: the file is empty");
  }

  @Test
  void anUnsetVariableWithoutADefaultIsNamedWhereItIsWritten() {
    assertThat(problem(CheckerConfiguration.class, "kafka:\n  bootstrapServers: ${STATUSLOG_TEST_UNSET_KAFKA}\n"))
        .isEqualTo("statuslog.yml:2:21: kafka.bootstrapServers: environment variable STATUSLOG_TEST_UNSET_KAFKA is not set, "
            + "and ${STATUSLOG_TEST_UNSET_KAFKA} gives no default");
  }

  @Test
  void aMissingFileIsNamed() {
    Throwable problem = catchThrowable(() -> ConfigFiles.load(dir.resolve("nope.yml"), CheckerConfiguration.class));

    assertThat(problem).isInstanceOf(ConfigException.class).hasMessage(dir.resolve("nope.yml") + ": no such file");
  }

  private <T> T load(Class<T> type, String yaml) throws Exception {
    return ConfigFiles.load(Files.writeString(dir.resolve("statuslog.yml"), yaml), type);
  }

  /** The one line a bad file gets, with the folder left out; it never names a Java type. */
  private String problem(Class<?> type, String yaml) {
    Throwable problem = catchThrowable(() -> load(type, yaml));
    assertThat(problem).isInstanceOf(ConfigException.class);
    String message = problem.getMessage().replace(dir + "/", "");
    assertThat(message).doesNotContain("io.statuslog", "io.dropwizard", "java.", "$Checker", "Cannot construct", "`").hasLineCount(1);
    return message;
  }
}

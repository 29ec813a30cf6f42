package io.statuslog.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statuslog.checker.AgentConfiguration;
import io.statuslog.schemas.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's file: the agent block alone, no Kafka, no database; each mistake one line naming file, line, column and field. */
class AgentConfigFileTest {
  @TempDir Path dir;

  @Test
  void theMinimalFileNeedsOnlyIngestAndAToken() throws Exception {
    AgentConfiguration config = load("agent:\n  ingestUrl: https://ingest.example.com/\n  token: abc-DEF_123\n");

    assertThat(config.agent().ingestUrl()).isEqualTo(URI.create("https://ingest.example.com/"));
    assertThat(config.agent().token().reveal()).isEqualTo("abc-DEF_123");
    assertThat(config.agent().spoolDir()).isEqualTo(Path.of("spool"));
    assertThat(config.agent().spoolMaxBytes()).isEqualTo(1024L * 1024 * 1024);
    assertThat(config.agent().idOr("0123456789abcdef")).endsWith("-01234567");
    assertThat(config.agent().toString()).as("the token is never printed").doesNotContain("abc-DEF_123");
  }

  @Test
  void theTokenMayComeFromTheEnvironment() throws Exception {
    String path = System.getenv("PATH"); // set wherever tests run; stands in for STATUSLOG_AGENT_TOKEN
    AgentConfiguration config = load("agent:\n  ingestUrl: http://ingest:8082\n  token: ${PATH}\n  id: eu-1\n  spoolDir: /var/spool/agent\n");

    assertThat(config.agent().token().reveal()).isEqualTo(path.strip());
    assertThat(config.agent().idOr("0123456789abcdef")).isEqualTo("eu-1");
  }

  @Test
  void everyMistakeIsOneLineAtItsPlace() {
    assertThat(problem("agent:\n  token: abc\n")).isEqualTo("agent.yml:1:1: agent.ingestUrl is required");
    assertThat(problem("agent:\n  ingestUrl: ftp://ingest\n  token: abc\n"))
        .isEqualTo("agent.yml:2:14: agent.ingestUrl must be ingest's http:// or https:// address, such as https://ingest.example.com, got ftp://ingest");
    assertThat(problem("agent:\n  ingestUrl: http://ingest\n  token: ${STATUSLOG_TEST_UNSET_TOKEN}\n"))
        .isEqualTo("agent.yml:3:10: agent.token: environment variable STATUSLOG_TEST_UNSET_TOKEN is not set, and ${STATUSLOG_TEST_UNSET_TOKEN} gives no default");
    assertThat(problem("agent:\n  ingestUrl: http://ingest\n  token: \"two words\"\n"))
        .isEqualTo("agent.yml:3:10: agent.token must be printable ASCII without spaces, as statuslog agents add prints it");
    assertThat(problem("agent:\n  ingestUrl: http://ingest\n  token: abc\n  id: eu west\n"))
        .isEqualTo("agent.yml:4:7: agent.id must be 1-100 characters of letters, digits, '.', '_' or '-', got eu west");
    assertThat(problem("agent:\n  ingestUrl: http://ingest\n  token: abc\n  spoolDirectory: x\n"))
        .isEqualTo("agent.yml:4:3: agent.spoolDirectory: unknown field; known fields are id, ingestCaFile, ingestUrl, spoolDir, spoolMaxBytes, token");
    assertThat(problem("agent:\n  ingestUrl: http://ingest\n  token: abc\n  ingestCaFile: ca.pem\n"))
        .isEqualTo("agent.yml:4:17: agent.ingestCaFile is set but agent.ingestUrl http://ingest is not https://; a CA certificate only verifies ingest over TLS");
    assertThat(problem("agent:\n")).isEqualTo("agent.yml:1:7: agent: expected a block of settings, got nothing");
    assertThat(problem("kafka:\n  bootstrapServers: localhost:9092\n")).isEqualTo("agent.yml:1:1: agent is required");
  }

  private AgentConfiguration load(String yaml) throws Exception {
    return ConfigFiles.load(Files.writeString(dir.resolve("agent.yml"), yaml), AgentConfiguration.class);
  }

  private String problem(String yaml) {
    Throwable problem = catchThrowable(() -> load(yaml));
    assertThat(problem).isInstanceOf(ConfigException.class);
    String message = problem.getMessage().replace(dir + "/", "");
    assertThat(message).doesNotContain("io.statuslog", "java.", "Cannot construct", "`").hasLineCount(1);
    return message;
  }
}

package io.statuslog.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of problem a configuration file can have, reported at its line and column, in configuration terms. */
class YamlDocumentTest {
  private static final ObjectMapper YAML = RequiredFields.refuseNothing(new ObjectMapper(new YAMLFactory()));

  record Server(@JsonProperty(value = "host", required = true) String host, @JsonProperty("port") Integer port) {
    Server {
      if (port != null && port < 1) {
        throw new IllegalArgumentException("port must be at least 1, got " + port);
      }
    }
  }

  record Settings(
      @JsonProperty(value = "server", required = true) Server server,
      @JsonProperty("retries") Integer retries,
      @JsonProperty("servers") List<Server> servers) {
    Settings {
      if (servers != null && servers.size() > 2) {
        throw new IllegalArgumentException("settings allow at most 2 servers");
      }
    }
  }

  @Test
  void anUnknownFieldIsReportedAtItsKeyWithTheKnownOnes() {
    assertThat(problem("server:\n  host: a\n  prot: 80\n")).isEqualTo("app.yml:3:3: server.prot: unknown field (did you mean port?); known fields are host, port");
  }

  @Test
  void aValueOfTheWrongTypeIsReportedAtTheValue() {
    assertThat(problem("server:\n  host: a\n  port: eighty\n")).isEqualTo("app.yml:3:9: server.port: expected a whole number, got \"eighty\"");
    assertThat(problem("server: localhost\n")).isEqualTo("app.yml:1:9: server: expected a block of settings, got \"localhost\"");
  }

  @Test
  void aMissingRequiredFieldIsReportedAtItsBlock() {
    assertThat(problem("server:\n  port: 80\n")).isEqualTo("app.yml:1:1: server.host is required");
    assertThat(problem("retries: 5\n")).isEqualTo("app.yml:1:1: server is required");
  }

  @Test
  void aRequiredFieldGivenAsNothingIsRefusedWhileAnOptionalOneIsNot() {
    assertThat(problem("server:\nretries: 5\n")).isEqualTo("app.yml:1:8: server: expected a block of settings, got nothing");
    assertThat(problem("server:\n  host: a\n  port:\nretries: x\n")).isEqualTo("app.yml:4:10: retries: expected a whole number, got \"x\"");
  }

  @Test
  void aValueAConstructorRefusesIsReportedAtTheFieldItsMessageNames() {
    assertThat(problem("server:\n  host: a\n  port: 0\n")).isEqualTo("app.yml:3:9: server.port must be at least 1, got 0");
    assertThat(problem("server: {host: a}\nservers:\n  - {host: b}\n  - {host: c, port: -1}\n"))
        .isEqualTo("app.yml:4:21: servers[1].port must be at least 1, got -1");
    assertThat(problem("server: {host: a}\nservers: [{host: b}, {host: c}, {host: d}]\n"))
        .isEqualTo("app.yml:1:1: settings allow at most 2 servers");
  }

  @Test
  void listItemsAreNamedByTheirIndex() {
    assertThat(problem("server: {host: a}\nservers:\n  - host: b\n  - host: c\n    hots: d\n"))
        .isEqualTo("app.yml:5:5: servers[1].hots: unknown field (did you mean host?); known fields are host, port");
  }

  @Test
  void malformedYamlIsReportedWhereTheParserStopped() {
    assertThatThrownBy(() -> YamlDocument.parse("app.yml", "server:\n  host: a\n port: 80\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("app.yml:3:2: malformed YAML: the indentation does not match the lines above");
    assertThatThrownBy(() -> YamlDocument.parse("app.yml", "server:\n\thost: a\n"))
        .hasMessage("app.yml:2:1: malformed YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
    assertThatThrownBy(() -> YamlDocument.parse("app.yml", "server:\n  host: \"a\n"))
        .hasMessage("app.yml:2:9: malformed YAML: found unexpected end of stream while scanning a quoted scalar");
  }

  @Test
  void anEmptyFileIsAProblem() {
    assertThatThrownBy(() -> YamlDocument.parse("app.yml", "# nothing yet\n")).hasMessage("app.yml:1:1: the file is empty");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> YamlDocument.read(Path.of("no", "such.yml"))).hasMessage("no/such.yml: no such file");
  }

  @Test
  void aProblemInTheTextIsNamedByTheValueWrittenThere() {
    YamlDocument yaml = YamlDocument.parse("app.yml", "# ${NOTE}\nserver:\n  host: ${HOST}\n  port: 80\n");

    assertThat(yaml.problemAt(3, 9, "unset")).hasMessage("app.yml:3:9: server.host: unset");
    assertThat(yaml.problemAt(1, 3, "unset")).hasMessage("app.yml:1:3: unset");
  }

  private static String problem(String text) {
    YamlDocument yaml = YamlDocument.parse("app.yml", text);
    try {
      YAML.readValue(text, Settings.class);
    } catch (JsonMappingException e) {
      String message = yaml.explain(e, YAML).getMessage();
      assertThat(message).doesNotContain("io.statuslog", "java.", "$", "Cannot", "`");
      return message;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no problem found in " + text);
  }
}

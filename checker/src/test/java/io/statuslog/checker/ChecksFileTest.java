package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks file: every field read, and every problem one line naming the file, line, column and field. */
class ChecksFileTest {
  @TempDir Path dir;

  @Test
  void readsEveryFieldAndFillsDefaults() throws IOException {
    List<CheckSpec> checks =
        read("""
            checks:
              - id: api
                name: Public API
                component: Core
                url: https://api.example.com/health
                interval: 30s
                timeout: 5s
                expectedStatus: 204
                degradedAfter: 2s
                public: false
              - id: home
                url: http://example.com/
            """);

    assertThat(checks.get(0))
        .isEqualTo(new CheckSpec("api", "Public API", Optional.of("Core"), Duration.ofSeconds(30), Duration.ofSeconds(5), false, List.of(),
            new Target.Http(java.net.URI.create("https://api.example.com/health"), "GET", java.util.Map.of(), Optional.empty(), true, 10, true, false,
                204, Optional.of(Duration.ofSeconds(2))), List.of(), List.of()));
    CheckSpec defaults = checks.get(1);
    assertThat(defaults.name()).isEqualTo("home");
    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(((Target.Http) defaults.target()).expectedStatus()).isEqualTo(200);
    assertThat(defaults.isPublic()).isTrue();
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnes() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    intervall: 5s\n"))
        .isEqualTo("checks.yml:4:5: checks[0].intervall: unknown field; known fields are "
            + "component, degradedAfter, expectedStatus, id, interval, name, public, timeout, url");
  }

  @Test
  void aValueOfTheWrongTypeIsNamedAtTheValue() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n  - id: web\n    url: http://y/\n  - id: db\n    url: http://z/\n    interval: soon\n"))
        .isEqualTo("checks.yml:8:15: checks[2].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"");
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    expectedStatus: ok\n"))
        .isEqualTo("checks.yml:4:21: checks[0].expectedStatus: expected a whole number, got \"ok\"");
  }

  @Test
  void aMissingRequiredFieldIsNamedAtItsCheck() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n  - name: Web\n")).isEqualTo("checks.yml:4:5: checks[1].id is required");
    assertThat(problem("check:\n  - id: api\n")).isEqualTo("checks.yml:1:1: checks is required");
    assertThat(problem("checks:\n  - id: api\n    url:\n")).isEqualTo("checks.yml:3:9: checks[0].url: expected text, got nothing");
    assertThat(problem("checks:\n")).isEqualTo("checks.yml:1:8: checks: expected a list, got nothing");
  }

  @Test
  void aValueACheckRefusesIsNamedAtTheValue() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    interval: 5s\n    timeout: 10s\n"))
        .isEqualTo("checks.yml:5:14: checks[0].timeout must be positive and at most the interval (5s), got 10s");
    assertThat(problem("checks:\n  - id: api\n    url: ftp://example.com\n"))
        .isEqualTo("checks.yml:3:10: checks[0].url must be an http:// or https:// URL, got ftp://example.com");
    assertThat(problem("checks:\n  - id: 'My API'\n    url: http://x/\n"))
        .isEqualTo("checks.yml:2:9: checks[0].id must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit, got \"My API\"");
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    interval: 500ms\n"))
        .isEqualTo("checks.yml:4:15: checks[0].interval must be at least 1s, got 500ms");
  }

  @Test
  void aDuplicateIdIsNamedWithTheFirst() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n  - id: api\n    url: http://y/\n"))
        .isEqualTo("checks.yml:4:9: checks[1].id \"api\" is already the id of checks[0]");
  }

  @Test
  void malformedEmptyAndMissingFilesAreNamed() {
    assertThat(problem("checks:\n  - id: api\n   url: http://x/\n")).isEqualTo("checks.yml:3:4: malformed YAML: the indentation does not match the lines above");
    assertThat(problem("checks: []\n")).isEqualTo("checks.yml:1:1: checks: no checks defined");
    assertThat(problem("")).isEqualTo("checks.yml:1:1: the file is empty");
    assertThatThrownBy(() -> ChecksFile.read(dir.resolve("missing.yml"))).hasMessage(dir.resolve("missing.yml") + ": no such file");
  }

  private List<CheckSpec> read(String yaml) throws IOException {
    return ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), yaml));
  }

  /** The one line a bad checks file gets, with the folder left out; it never names a Java type. */
  private String problem(String yaml) {
    Throwable problem = org.assertj.core.api.Assertions.catchThrowable(() -> read(yaml));
    assertThat(problem).isInstanceOf(ConfigException.class);
    String message = problem.getMessage().replace(dir + "/", "");
    assertThat(message).doesNotContain("io.statuslog", "java.", "$", "Cannot", "`").hasLineCount(1);
    return message;
  }
}

package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.config.ChecksFile.InvalidChecksException;
import io.statuslog.checker.core.CheckSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        .isEqualTo(new CheckSpec("api", "Public API", Optional.of("Core"), java.net.URI.create("https://api.example.com/health"),
            Duration.ofSeconds(30), Duration.ofSeconds(5), 204, Optional.of(Duration.ofSeconds(2)), false));
    CheckSpec defaults = checks.get(1);
    assertThat(defaults.name()).isEqualTo("home");
    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.expectedStatus()).isEqualTo(200);
    assertThat(defaults.isPublic()).isTrue();
  }

  @Test
  void refusesAnUnknownField() {
    assertThatThrownBy(() -> read("checks:\n  - id: api\n    url: http://x/\n    intervall: 5s\n"))
        .isInstanceOf(InvalidChecksException.class)
        .hasMessageContaining("intervall");
  }

  @Test
  void refusesADuplicateId() {
    assertThatThrownBy(() -> read("checks:\n  - id: api\n    url: http://x/\n  - id: api\n    url: http://y/\n"))
        .hasMessageContaining("check id 'api' is defined twice");
  }

  @Test
  void refusesATimeoutLongerThanTheInterval() {
    assertThatThrownBy(() -> read("checks:\n  - id: api\n    url: http://x/\n    interval: 5s\n    timeout: 10s\n"))
        .hasMessageContaining("check api: timeout must be positive and at most the interval");
  }

  @Test
  void refusesAnIdThatIsNotAnIdentifier() {
    assertThatThrownBy(() -> read("checks:\n  - id: 'My API'\n    url: http://x/\n"))
        .hasMessageContaining("check id 'My API' must be");
  }

  @Test
  void refusesAnEmptyFileAndAMissingFile() {
    assertThatThrownBy(() -> read("checks: []\n")).hasMessageContaining("no checks defined");
    assertThatThrownBy(() -> ChecksFile.read(dir.resolve("missing.yml"))).hasMessageContaining("no such file");
  }

  private List<CheckSpec> read(String yaml) throws IOException {
    return ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), yaml));
  }
}

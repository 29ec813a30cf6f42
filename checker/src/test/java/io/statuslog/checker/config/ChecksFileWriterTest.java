package io.statuslog.checker.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the writer prints, ChecksFile reads back as the same checks: the promise an import rests on. */
class ChecksFileWriterTest {
  @TempDir Path dir;

  @Test
  void everyTypeWithEveryFieldSetReadsBackAsTheSameChecks() throws IOException {
    List<CheckSpec> checks = List.of(
        new CheckSpec("core_api", "API: public", Optional.of("Core"), Duration.ofSeconds(90), Duration.ofMillis(2500), false, List.of("eu-west"),
            new Target.Http(URI.create("https://api.example.com/health?full=1#top"), "POST", Map.of("X-Token", "on", "Accept", "*/*"),
                Optional.of("{\"a\": 1}\nsecond line"), false, 3, false, true, 204, Optional.of(Duration.ofSeconds(1))),
            List.of("[STATUS] == 204", "[BODY].status == UP"), List.of("[RESPONSE_TIME] < 300")),
        new CheckSpec("db", "db", Optional.empty(), Duration.ofMinutes(1), Duration.ofSeconds(10), true, List.of(),
            new Target.Tcp("[::1]", 5432, Optional.of("PING\r\n"), Optional.of("PONG")), List.of("[CONNECTED] == true"), List.of()),
        new CheckSpec("dns", "DNS", Optional.empty(), Duration.ofHours(1), Duration.ofSeconds(5), true, List.of(),
            new Target.Dns("example.com.", Target.DnsQueryType.MX, Optional.of("8.8.8.8"), 5353), List.of("[DNS_RCODE] == NOERROR"), List.of()),
        new CheckSpec("dns2", "dns2", Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10), true, List.of(),
            new Target.Dns("example.org", Target.DnsQueryType.A, Optional.of("1.1.1.1"), 53), List.of(), List.of()),
        new CheckSpec("cert", "cert", Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(10), true, List.of(),
            new Target.Tls("example.com", 8443), List.of("[CERTIFICATE_EXPIRATION] > 48h"), List.of()),
        new CheckSpec("backup", "Nightly backup", Optional.empty(), Duration.ofDays(1), Duration.ofSeconds(10), true, List.of(),
            new Target.Push(Target.Push.urlOf("backup"), Duration.ofHours(2), Optional.empty()), List.of(), List.of()));

    assertThat(readBack(ChecksFileWriter.write(List.of("header"), checks))).isEqualTo(checks);
  }

  @Test
  void fieldsComeInOneOrderAndDefaultsAreLeftOutButTheSchedule() {
    CheckSpec check = new CheckSpec("api", "api", Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10), true, List.of(),
        new Target.Http(URI.create("https://x/"), "GET", Map.of(), Optional.empty(), true, 10, true, false, 200, Optional.empty()),
        List.of("[STATUS] == 200"), List.of());

    assertThat(ChecksFileWriter.write(List.of("Imported.", ""), List.of(check))).isEqualTo("""
        # Imported.
        #
        checks:
          - id: api
            url: https://x/
            interval: 30s
            timeout: 10s
            conditions:
              - "[STATUS] == 200"
        """);
  }

  /** Text YAML would read as something else (a boolean, a number, null, a comment, a key) is quoted; the rest is plain. */
  @ParameterizedTest
  @ValueSource(strings = {"yes", "No", "ON", "true", "null", "~", "0123", "1.5", "1e3", "0x1f", ".inf", "12:30", "-", "a: b", "a #b", "#x",
      "[STATUS] == 200", "{x}", "*alias", "&anchor", "!tag", "|", ">", "'single'", "\"double\"", "back\\slash", "tab\there", "line\nbreak",
      "bell\u0007", "next\u0085line", "caf\u00e9 \u2603 \ud83d\ude00", " leading", "trailing ", "", "ends:", "@at", "%percent", "?q", "a,b"})
  void everyStringReadsBackAsWritten(String text) throws IOException {
    CheckSpec check = new CheckSpec("x", text.isBlank() ? "x" : text.strip(), Optional.of(text), Duration.ofSeconds(30), Duration.ofSeconds(10), true,
        List.of(), new Target.Tcp("db", 1, Optional.of(text), Optional.of(text)), List.of("[CONNECTED] == true"), List.of());

    assertThat(readBack(ChecksFileWriter.write(List.of(), List.of(check)))).containsExactly(check);
  }

  @Test
  void plainTextStaysPlain() {
    assertThat(ChecksFileWriter.scalar("core_api-v2.example")).isEqualTo("core_api-v2.example");
    assertThat(ChecksFileWriter.scalar("https://example.com/a?b=c&d=e")).isEqualTo("https://example.com/a?b=c&d=e");
    assertThat(ChecksFileWriter.scalar("Content-Type")).isEqualTo("Content-Type");
    assertThat(ChecksFileWriter.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(ChecksFileWriter.scalar("a\u0000b")).isEqualTo("\"a\\u0000b\"");
  }

  @Test
  void aDurationIsOneNumberInItsLargestExactUnit() {
    assertThat(ChecksFileWriter.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ChecksFileWriter.duration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(ChecksFileWriter.duration(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(ChecksFileWriter.duration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(ChecksFileWriter.duration(Duration.ofSeconds(60))).isEqualTo("1m");
  }

  private List<CheckSpec> readBack(String yaml) throws IOException {
    return ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), yaml));
  }
}

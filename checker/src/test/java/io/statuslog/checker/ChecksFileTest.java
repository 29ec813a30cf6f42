package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.secret.SecretToken;
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
        .isEqualTo("checks.yml:4:5: checks[0].intervall: unknown field (did you mean interval?); known fields are "
            + "body, component, conditions, degradedAfter, degradedBelow, degradedConditions, downBelow, expect, expectedStatus, "
            + "followRedirects, grace, headers, host, id, interval, maxRedirects, method, name, port, public, query, queryType, regions, resolver, "
            + "reuseConnections, send, timeout, token, type, url, verifyTls");
  }

  @Test
  void aValueOfTheWrongTypeIsNamedAtTheValue() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n  - id: web\n    url: http://y/\n  - id: db\n    url: http://z/\n    interval: soon\n"))
        .isEqualTo("checks.yml:8:15: checks[2].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"");
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    expectedStatus: ok\n"))
        .isEqualTo("checks.yml:4:21: checks[0].expectedStatus: expected a whole number, got \"ok\"");
  }

  @Test
  void everyValueOfTheWrongTypeInOneCheckIsNamed() {
    assertThat(problems("checks:\n  - id: api\n    url: http://x/\n    interval: soon\n    timeout: -3s\n    expectedStatus: ok\n    intervall: 5s\n"))
        .containsExactly(
            "checks.yml:4:15: checks[0].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"",
            "checks.yml:5:14: checks[0].timeout: expected a duration such as 500ms, 30s or 5m, got \"-3s\"",
            "checks.yml:6:21: checks[0].expectedStatus: expected a whole number, got \"ok\"",
            "checks.yml:7:5: checks[0].intervall: unknown field (did you mean interval?); known fields are "
                + "body, component, conditions, degradedAfter, degradedBelow, degradedConditions, downBelow, expect, expectedStatus, "
                + "followRedirects, grace, headers, host, id, interval, maxRedirects, method, name, port, public, query, queryType, regions, resolver, "
                + "reuseConnections, send, timeout, token, type, url, verifyTls");
  }

  @Test
  void aMissingRequiredFieldIsNamedAtItsCheck() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n  - name: Web\n")).isEqualTo("checks.yml:4:5: checks[1].id is required");
    assertThat(problems("check:\n  - id: api\n"))
        .containsExactly("checks.yml:1:1: check: unknown field; the file holds one list, checks", "checks.yml:1:1: checks is required");
    assertThat(problem("checks:\n  - id: api\n    url:\n")).isEqualTo("checks.yml:3:9: checks[0].url is required for an http check");
    assertThat(problem("checks:\n")).isEqualTo("checks.yml:1:1: checks: expected a list, got nothing");
  }

  @Test
  void aValueACheckRefusesIsNamedAtTheValue() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    interval: 5s\n    timeout: 10s\n"))
        .isEqualTo("checks.yml:5:14: checks[0].timeout must be positive and at most the interval (5s), got 10s");
    assertThat(problem("checks:\n  - id: api\n    url: ftp://example.com\n"))
        .isEqualTo("checks.yml:3:10: checks[0].url must be an http:// or https:// URL, got ftp://example.com");
    assertThat(problem("checks:\n  - id: 'My API'\n    url: http://x/\n"))
        .isEqualTo("checks.yml:2:9: checks[0].id \"My API\" must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    interval: 500ms\n"))
        .isEqualTo("checks.yml:4:15: checks[0].interval must be at least 1s, got 500ms");
  }

  @Test
  void everyTypeReadsItsOwnFields() throws IOException {
    List<CheckSpec> checks = read("""
        checks:
          - id: login
            url: https://example.com/login
            method: post
            headers: {Content-Type: application/json}
            body: '{"user": "probe"}'
            followRedirects: false
            verifyTls: false
            conditions: ["[STATUS] == 401", "[BODY].error == unauthorized"]
            degradedConditions: ["[RESPONSE_TIME] < 300"]
            regions: [eu-west, us-east]
          - id: db
            type: tcp
            host: db.internal
            port: 5432
            send: PING
            expect: PONG
          - id: dns
            type: dns
            query: example.com
            queryType: mx
            resolver: 1.1.1.1:5353
          - id: cert
            type: tls
            host: example.com
            degradedBelow: 14d
            downBelow: 3d
        """);

    Target.Http login = (Target.Http) checks.get(0).target();
    assertThat(login.method()).isEqualTo("POST");
    assertThat(login.headers()).containsEntry("Content-Type", "application/json");
    assertThat(login.followRedirects()).isFalse();
    assertThat(login.verifyTls()).isFalse();
    assertThat(checks.get(0).upConditions()).as("a status condition replaces the expected status").containsExactly("[STATUS] == 401", "[BODY].error == unauthorized");
    assertThat(checks.get(0).regions()).containsExactly("eu-west", "us-east");
    assertThat(checks.get(1).target()).isEqualTo(new Target.Tcp("db.internal", 5432, Optional.of("PING"), Optional.of("PONG")));
    assertThat(checks.get(2).target()).isEqualTo(new Target.Dns("example.com", Target.DnsQueryType.MX, Optional.of("1.1.1.1"), 5353));
    assertThat(checks.get(2).upConditions()).containsExactly("[DNS_RCODE] == NOERROR");
    assertThat(checks.get(3).target()).isEqualTo(new Target.Tls("example.com", 443));
    assertThat(checks.get(3).upConditions()).containsExactly("[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 72h");
    assertThat(checks.get(3).allDegradedConditions()).containsExactly("[CERTIFICATE_EXPIRATION] > 336h");
  }

  @Test
  void everyCheckSurvivesTheTripThroughTheDefinitionsTopic() throws IOException {
    List<CheckSpec> checks = read("""
        checks:
          - {id: api, url: "https://x/health", degradedAfter: 2s, timeout: 5s, component: API, public: false}
          - {id: db, type: tcp, host: db, port: 5432, send: hi, expect: ho}
          - {id: dns, type: dns, query: example.com, queryType: AAAA, resolver: "[::1]:53"}
          - {id: dns2, type: dns, query: example.org}
          - {id: cert, type: tls, host: example.com, port: 8443, degradedBelow: 14d}
          - {id: backup, type: push, interval: 1d, grace: 1h, token: kuma-token-0123456789}
          - {id: cron, type: push, interval: 5m}
        """);

    assertThat(checks).allSatisfy(check -> assertThat(CheckSpec.fromDefinition(check.toDefinition())).isEqualTo(check));
  }

  @Test
  void aPushCheckKeepsOnlyItsTokensHashAndIsProbedFromNoRegion() throws IOException {
    List<CheckSpec> checks = read("""
        checks:
          - id: backup
            name: Nightly backup
            type: push
            interval: 1d
            grace: 2h
            token: kuma-token-0123456789abcdef
          - id: cron
            type: push
            interval: 10m
        """);

    Target.Push backup = (Target.Push) checks.get(0).target();
    assertThat(backup.url()).hasToString("push:backup");
    assertThat(backup.grace()).isEqualTo(Duration.ofHours(2));
    assertThat(backup.tokenHash()).contains(SecretToken.hash("kuma-token-0123456789abcdef"));
    assertThat(checks.get(0).toDefinition().toString()).doesNotContain("kuma-token");
    assertThat(checks.get(0).toDefinition().getPushTokenHash()).isEqualTo(SecretToken.hash("kuma-token-0123456789abcdef"));
    assertThat(checks.get(0).toDefinition().getGraceMs()).isEqualTo(Duration.ofHours(2).toMillis());
    Target.Push cron = (Target.Push) checks.get(1).target();
    assertThat(cron.grace()).as("a heartbeat may be one interval late by default").isEqualTo(Duration.ofMinutes(10));
    assertThat(cron.tokenHash()).as("left to checks apply").isEmpty();
    assertThat(checks).noneMatch(check -> check.probedFrom("default"));
  }

  @Test
  void aPushTokenThatCouldBeGuessedOrBreaksAUrlIsRefusedWithoutRepeatingIt() {
    assertThat(problem("checks:\n  - id: backup\n    type: push\n    token: short\n"))
        .isEqualTo("checks.yml:4:12: checks[0].token must be 16-128 characters of letters, digits, '.', '_', '~' or '-';"
            + " leave it out and 'statuslog checks apply' issues one")
        .doesNotContain("short");
    assertThat(problem("checks:\n  - id: backup\n    type: push\n    url: http://x/\n"))
        .startsWith("checks.yml:4:5: checks[0].url: not a field of a push check; its fields are [grace, token]");
  }

  @Test
  void whatOnlyAProbeUsesIsRefusedOnAPushCheckRatherThanIgnored() throws Exception {
    // A timeout, regions or conditions on a push check would be kept and never used: the person
    // who wrote them expects them to do something.
    assertThat(problems("""
        checks:
          - id: backup
            type: push
            timeout: 5s
            regions: [eu]
            conditions: ["[STATUS] =="]
            degradedConditions: ["[RESPONSE_TIME] < 500"]
        """)).as("refused once each, a condition that does not parse included").containsExactly(
            "checks.yml:4:5: checks[0].timeout: not a field of a push check: nothing probes it, its job says up or down with each heartbeat",
            "checks.yml:5:5: checks[0].regions: not a field of a push check: nothing probes it, its job says up or down with each heartbeat",
            "checks.yml:6:5: checks[0].conditions: not a field of a push check: nothing probes it, its job says up or down with each heartbeat",
            "checks.yml:7:5: checks[0].degradedConditions: not a field of a push check: nothing probes it, its job says up or down with each heartbeat");
    // An empty list asks for nothing, and is let be.
    assertThat(read("checks:\n  - {id: backup, type: push, regions: [], conditions: []}\n")).singleElement()
        .satisfies(check -> assertThat(check.regions()).isEmpty());
  }

  @Test
  void everyProblemInTheFileIsListedOneLineEach() {
    assertThat(problems("""
        checks:
          - {id: api, url: "https://x/", method: GET, host: x}
          - {id: db, type: tcp, host: db}
          - {id: web, url: "http://y/", interval: soon}
          - {id: bad, type: ftp}
          - {id: api, url: "http://z/"}
          - {id: c, url: "http://z/", conditions: ["", "[STATUS] == 200"]}
        """)).containsExactly(
            "checks.yml:2:47: checks[0].host: not a field of a http check; its fields are [body, degradedAfter, expectedStatus, followRedirects, headers, maxRedirects, method, reuseConnections, url, verifyTls]",
            "checks.yml:3:5: checks[1]: port is required",
            "checks.yml:4:43: checks[2].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"",
            "checks.yml:5:21: checks[3].type must be one of dns, http, push, tcp, tls, got \"ftp\"",
            "checks.yml:6:10: checks[4].id \"api\" is already the id of checks[0]",
            "checks.yml:7:44: checks[5].conditions[0]: expected a condition such as [STATUS] == 200, got nothing");
  }

  @Test
  void aConditionTheLanguageRefusesIsNamedWithItsCheckAndPosition() throws IOException {
    Path file = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - id: api\n    url: http://x/\n    conditions: [\"[STAUTS] == 200\"]\n");

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() ->
        ChecksFile.read(file, condition -> condition.contains("STAUTS") ? Optional.of("unknown placeholder [STAUTS] at position 0") : Optional.empty()));

    assertThat(((ChecksFile.InvalidChecksFile) refused).problems())
        .containsExactly(file + ":4:18: checks[0].conditions[0]: unknown placeholder [STAUTS] at position 0");
  }

  @Test
  void aConditionThatDoesNotParseIsRefusedWhenTheFileIsRead() {
    assertThat(problem("checks:\n  - id: api\n    url: http://x/\n    conditions: [\"[STAUTS] == 200\"]\n"))
        .startsWith("checks.yml:4:18: checks[0].conditions[0]: [STAUTS] == 200: unknown placeholder [STAUTS] at position 0");
  }

  @Test
  void aWronglyTypedFieldHidesNeitherADuplicateIdNorABadCondition() {
    assertThat(problems("""
        checks:
          - {id: a, url: "http://x/"}
          - {id: a, url: "http://y/", interval: soon, conditions: ["[STAUTS] == 200"]}
        """)).containsExactly(
            "checks.yml:3:10: checks[1].id \"a\" is already the id of checks[0]",
            "checks.yml:3:41: checks[1].interval: expected a duration such as 500ms, 30s or 5m, got \"soon\"",
            "checks.yml:3:60: checks[1].conditions[0]: [STAUTS] == 200: unknown placeholder [STAUTS] at position 0; did you mean [STATUS]?");
  }

  @Test
  void twoPushChecksCannotShareAToken() {
    assertThat(problems("""
        checks:
          - {id: nightly, type: push, interval: 1d, token: shared-token-1234567890}
          - {id: weekly, type: push, interval: 7d, token: shared-token-1234567890}
        """)).singleElement().asString()
        .isEqualTo("checks.yml:3:51: checks[1].token is already the token of checks[0]: a heartbeat must name one check")
        .doesNotContain("shared-token");
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
    List<String> problems = problems(yaml);
    assertThat(problems).hasSize(1);
    return problems.getFirst();
  }

  @Test
  void tlsThresholdsTheWrongWayRoundAreRefused() {
    assertThat(problems("""
        checks:
          - {id: cert, type: tls, host: example.com, downBelow: 14d, degradedBelow: 3d}
        """)).containsExactly(
            "checks.yml:2:57: checks[0].downBelow (14 days) is more than degradedBelow (3 days): a certificate is degraded before it is down, so degradedBelow is the larger");
  }

  /** Every line a bad checks file gets, with the folder left out. */
  private List<String> problems(String yaml) {
    Throwable problem = org.assertj.core.api.Assertions.catchThrowable(() -> read(yaml));
    assertThat(problem).isInstanceOfAny(ConfigException.class, ChecksFile.InvalidChecksFile.class);
    List<String> lines = problem instanceof ChecksFile.InvalidChecksFile invalid ? invalid.problems() : List.of(problem.getMessage());
    return lines.stream().map(line -> {
      String message = line.replace(dir + "/", "");
      assertThat(message).doesNotContain("io.statuslog", "java.", "$", "Cannot", "`").hasLineCount(1);
      return message;
    }).toList();
  }
}

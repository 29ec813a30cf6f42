package io.statuslog.checker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.statuslog.checker.config.GatusImport.Imported;
import io.statuslog.checker.config.GatusImport.NotImportable;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule of the Gatus import, and each warning. Every converted file is read back with {@link
 * ChecksFile#read}, as {@code checks apply --dry-run} reads it, so every test also proves the
 * output is a checks file Statuslog accepts.
 */
class GatusImportTest {
  @TempDir Path dir;

  // --- HTTP endpoints

  @Test
  void anHttpEndpointKeepsItsNameGroupRequestAndConditions() throws IOException {
    Imported imported = convert("""
        endpoints:
          - name: Health
            group: Core API
            url: "https://api.example.com/health"
            method: post
            body: '{"ping": true}'
            headers:
              Authorization: Bearer abc
              Content-Type: application/json
            interval: 30s
            conditions:
              - "[STATUS] == 200"
              - "[BODY].status == UP"
              - "[RESPONSE_TIME] < 500"
        """);

    assertThat(imported.warnings()).isEmpty();
    assertThat(readBack(imported)).containsExactly(new CheckSpec("core-api_health", "Health", Optional.of("Core API"),
        Duration.ofSeconds(30), Duration.ofSeconds(10), true, List.of(),
        new Target.Http(URI.create("https://api.example.com/health"), "POST", Map.of("Authorization", "Bearer abc", "Content-Type", "application/json"),
            Optional.of("{\"ping\": true}"), true, 10, true, false, 200, Optional.empty()),
        List.of("[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 500"), List.of()));
  }

  @Test
  void theIntervalIsGatusesSixtySecondsWhenUnsetAndAlwaysWritten() throws IOException {
    Imported imported = convert(endpoint("url: https://x/"));

    assertThat(only(imported).interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(only(imported).timeout()).as("Gatus's client default").isEqualTo(Duration.ofSeconds(10));
    assertThat(imported.checksFile()).contains("    interval: 1m\n").contains("    timeout: 10s\n");
  }

  @ParameterizedTest
  @CsvSource({"1m30s, PT1M30S", "1.5h, PT1H30M", "2h45m, PT2H45M", "300s, PT5M", "1500ms, PT1.5S", "0, PT1M", "0s, PT1M"})
  void goDurationsAreReadAsGoReadsThem(String interval, Duration expected) throws IOException {
    assertThat(only(convert(endpoint("url: https://x/\n    interval: " + interval))).interval()).isEqualTo(expected);
  }

  @Test
  void anIntervalUnderASecondBecomesOneSecond() throws IOException {
    Imported imported = convert(endpoint("url: https://x/\n    interval: 500ms"));

    assertThat(only(imported).interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": interval 500ms was not converted (Statuslog probes a check at most once a second: 1s is used)");
  }

  @Test
  void anIntervalThatIsNotADurationSkipsTheEndpoint() {
    assertThat(notImportable(endpoint("url: https://x/\n    interval: 60")).warnings()).containsExactly(
        "endpoint \"core/api\": the endpoint was not converted (interval \"60\" is not a duration such as 30s or 5m)");
  }

  @Test
  void theClientTimeoutIsTheTimeoutAtMostTheInterval() throws IOException {
    assertThat(only(convert(endpoint("url: https://x/\n    client:\n      timeout: 2500ms"))).timeout()).isEqualTo(Duration.ofMillis(2500));

    Imported longer = convert(endpoint("url: https://x/\n    interval: 5s\n    client:\n      timeout: 30s"));
    assertThat(only(longer).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(longer.warnings()).containsExactly(
        "endpoint \"core/api\": client.timeout 30s was not converted (a Statuslog timeout is at most the interval: 5s is used)");

    Imported unset = convert(endpoint("url: https://x/\n    interval: 5s"));
    assertThat(only(unset).timeout()).as("Gatus's default 10s, as Statuslog's own default does").isEqualTo(Duration.ofSeconds(5));
    assertThat(unset.warnings()).isEmpty();
  }

  @Test
  void insecureAndIgnoreRedirectAreVerifyTlsAndFollowRedirects() throws IOException {
    Imported imported = convert(endpoint("url: https://x/\n    client:\n      insecure: true\n      ignore-redirect: true"));

    Target.Http http = (Target.Http) only(imported).target();
    assertThat(http.verifyTls()).isFalse();
    assertThat(http.followRedirects()).isFalse();
    assertThat(imported.checksFile()).contains("    followRedirects: false\n    verifyTls: false\n");
    assertThat(imported.warnings()).isEmpty();
  }

  @Test
  void aDnsResolverForHttpIsNotConverted() throws IOException {
    Imported imported = convert(endpoint("url: https://x/\n    client:\n      dns-resolver: tcp://8.8.8.8:53"));

    assertThat(only(imported).target()).isInstanceOf(Target.Http.class);
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": client.dns-resolver tcp://8.8.8.8:53 was not converted (a Statuslog http check resolves names with the checker's resolver)");
  }

  @Test
  void aGraphQlBodyIsSentAsGatusSendsIt() throws IOException {
    Imported imported = convert(endpoint("url: https://x/graphql\n    method: POST\n    graphql: true\n    body: |\n      { user(id: 1) { name } }"));

    Target.Http http = (Target.Http) only(imported).target();
    assertThat(http.body()).hasValue("{\"query\":\"{ user(id: 1) { name } }\\n\"}");
    assertThat(http.headers()).containsExactly(Map.entry("Content-Type", "application/json"));
  }

  @Test
  void whatGatusFillsInFromTheEndpointIsFilledInWhatItFillsInPerProbeIsWarned() throws IOException {
    Imported imported = convert(endpoint("url: https://x/\n    method: POST\n    body: \"[ENDPOINT_GROUP]/[ENDPOINT_NAME] at [ENDPOINT_URL] [RANDOM_STRING_8]\""));

    assertThat(((Target.Http) only(imported).target()).body()).hasValue("core/api at https://x/ [RANDOM_STRING_8]");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": [RANDOM_STRING_8] in body was not converted (Statuslog sends the body as written, so it is sent as this text)");
  }

  // --- TCP, TLS and DNS endpoints

  @Test
  void aTcpEndpointIsATcpCheckAndItsBodyIsSent() throws IOException {
    Imported imported = convert(endpoint("url: tcp://db.internal:5432\n    body: PING\n    conditions: [\"[CONNECTED] == true\", \"[BODY] == PONG\"]"));

    assertThat(only(imported).target()).isEqualTo(new Target.Tcp("db.internal", 5432, Optional.of("PING"), Optional.empty()));
    assertThat(only(imported).conditions()).containsExactly("[CONNECTED] == true", "[BODY] == PONG");
    assertThat(imported.warnings()).isEmpty();
  }

  @Test
  void aTlsEndpointIsATlsCheckWhichAlwaysVerifiesAndSendsNothing() throws IOException {
    Imported imported = convert(endpoint(
        "url: tls://[2001:db8::1]:8443\n    body: hello\n    client:\n      insecure: true\n    conditions: [\"[CONNECTED] == true\", \"[CERTIFICATE_EXPIRATION] > 48h\"]"));

    assertThat(only(imported).target()).isEqualTo(new Target.Tls("[2001:db8::1]", 8443));
    assertThat(only(imported).conditions()).containsExactly("[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 48h");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": body was not converted (a Statuslog tls check sends nothing after the handshake)",
        "endpoint \"core/api\": client.insecure was not converted (a Statuslog tls check always verifies the certificate)");
  }

  @Test
  void aTcpOrTlsUrlWithoutAPortSkipsTheEndpoint() {
    assertThat(notImportable(endpoint("url: tcp://db.internal")).warnings()).containsExactly(
        "endpoint \"core/api\": the endpoint was not converted (url tcp://db.internal has no port: expected tcp://host:port)");
  }

  @Test
  void aDnsEndpointIsADnsCheckAgainstItsUrlAsResolver() throws IOException {
    Imported imported = convert("""
        endpoints:
          - name: mx
            url: 8.8.8.8
            dns: {query-name: example.com, query-type: MX}
            conditions: ["[DNS_RCODE] == NOERROR"]
          - name: a
            url: "1.1.1.1:5353"
            dns: {query-name: example.org., query-type: A}
            conditions: ["[DNS_RCODE] == NOERROR", "[BODY] == 93.184.215.14"]
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::target).containsExactly(
        new Target.Dns("example.com", Target.DnsQueryType.MX, Optional.of("8.8.8.8"), 53),
        new Target.Dns("example.org.", Target.DnsQueryType.A, Optional.of("1.1.1.1"), 5353));
    assertThat(imported.warnings()).isEmpty();
  }

  @Test
  void aDnsQueryTypeStatuslogDoesNotAskSkipsTheEndpoint() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {name: srv, url: 8.8.8.8, dns: {query-name: _sip._tcp.example.com, query-type: SRV}, conditions: ["[DNS_RCODE] == NOERROR"]}
          - {name: a, url: 8.8.8.8, dns: {query-name: example.com, query-type: A}, conditions: ["[DNS_RCODE] == NOERROR"]}
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::id).containsExactly("a");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"srv\": the endpoint was not converted (queryType must be one of A, AAAA, CNAME, MX, TXT, NS, got SRV)");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "icmp://10.0.0.1 | Statuslog has no ping (icmp) check",
      "ssh://example.com:22 | Statuslog has no ssh check",
      "starttls://smtp.example.com:587 | Statuslog has no starttls check",
      "udp://10.0.0.1:53 | Statuslog has no udp check",
      "sctp://10.0.0.1:9 | Statuslog has no sctp check",
      "wss://example.com/socket | Statuslog has no websocket check",
      "grpc://example.com:50051 | Statuslog has no grpc check",
      "ftp://example.com | Gatus has no endpoint type for the url ftp://example.com"})
  void anEndpointOfATypeStatuslogLacksIsSkipped(String url, String why) throws IOException {
    Imported imported = convert("endpoints:\n  - {name: other, url: \"" + url + "\"}\n  - {name: web, url: \"https://x/\", conditions: [\"[STATUS] == 200\"]}\n");

    assertThat(readBack(imported)).extracting(CheckSpec::id).containsExactly("web");
    assertThat(imported.warnings()).containsExactly("endpoint \"other\": the endpoint was not converted (" + why + ")");
  }

  // --- conditions

  @Test
  void aConditionOnAPlaceholderStatuslogLacksIsDroppedTheRestKeptVerbatim() throws IOException {
    Imported imported = convert(endpoint("""
        url: https://x/
            interval: 1h
            conditions:
              - "[STATUS] == any(200, 204)"
              - "[DOMAIN_EXPIRATION] > 720h"
              - "len([BODY].items) > 0"
              - "[status] != 500"
              - "[CONTEXT].token == abc"
              - "[BODY].name == pat(*[a-z]*)"
        """));

    assertThat(only(imported).conditions()).containsExactly("[STATUS] == any(200, 204)", "len([BODY].items) > 0", "[status] != 500", "[BODY].name == pat(*[a-z]*)");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": condition \"[DOMAIN_EXPIRATION] > 720h\" was not converted (Statuslog has no [DOMAIN_EXPIRATION] placeholder: the condition is dropped)",
        "endpoint \"core/api\": condition \"[CONTEXT].token == abc\" was not converted (Statuslog has no [CONTEXT] placeholder: the condition is dropped)");
  }

  @Test
  void aConditionTheLanguageRefusesIsDroppedWithTheLanguagesReason() throws IOException {
    Imported imported = convert(endpoint("""
        url: https://x/
            conditions:
              - "[STATUS] == 200"
              - "[STAUTS] == 200"
              - "[RESPONSE_TIME] => 300"
        """));

    assertThat(only(imported).conditions()).containsExactly("[STATUS] == 200");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": condition \"[STAUTS] == 200\" was not converted (unknown placeholder [STAUTS] at position 0; did you mean [STATUS]?: the condition is dropped)",
        "endpoint \"core/api\": condition \"[RESPONSE_TIME] => 300\" was not converted (unknown operator => at position 16; use ==, !=, <, <=, > or >=: the condition is dropped)");
  }

  @Test
  void whereStatuslogRequiresMoreThanTheEndpointsConditionsItIsSaid() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {name: web, url: "https://x/", conditions: ["[RESPONSE_TIME] < 500"]}
          - {name: db, url: "tcp://db:5432", conditions: ["[RESPONSE_TIME] < 100"]}
          - {name: dns, url: 8.8.8.8, dns: {query-name: example.com, query-type: A}, conditions: ["[BODY] == 1.2.3.4"]}
          - {name: ok, url: "https://y/", conditions: ["[STATUS] < 500"]}
          - {name: ok-db, url: "tcp://db:5432", conditions: ["[CONNECTED] == true"]}
        """);

    assertThat(readBack(imported)).hasSize(5);
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"web\": \"[STATUS] == 200\" is added (Statuslog adds it to every http check whose conditions do not read [STATUS]; Gatus judged this endpoint without it)",
        "endpoint \"db\": \"[CONNECTED] == true\" is added (Statuslog adds it to every tcp check; Gatus judged this endpoint without it)",
        "endpoint \"dns\": \"[DNS_RCODE] == NOERROR\" is added (Statuslog adds it to every dns check whose conditions do not read [DNS_RCODE]; Gatus judged this endpoint without it)");
  }

  // --- what is not converted

  @Test
  void aDisabledEndpointIsSkipped() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {name: old, enabled: false, url: "https://old/"}
          - {name: new, enabled: true, url: "https://new/", conditions: ["[STATUS] == 200"]}
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::id).containsExactly("new");
    assertThat(imported.warnings()).containsExactly("endpoint \"old\": the endpoint was not converted (it is disabled: enabled: false)");
    assertThat(imported.endpoints()).isEqualTo(2);
    assertThat(imported.checks()).isEqualTo(1);
  }

  @Test
  void everyEndpointSettingStatuslogLacksIsOneWarning() throws IOException {
    Imported imported = convert(endpoint("""
        url: https://x/
            alerts:
              - type: slack
              - type: pagerduty
                failure-threshold: 3
              - type: slack
            maintenance-windows:
              - {start: "23:00", duration: 1h}
            ui: {hide-url: true, hide-hostname: true}
            extra-labels: {team: core}
            store: {token: "[BODY].token"}
            always-run: true
            retries: 3
            client:
              proxy-url: http://proxy:3128
              oauth2: {token-url: "https://idp/token", client-id: a, client-secret: b, scopes: [x]}
              identity-aware-proxy: {audience: x}
              tls: {certificate-file: /c.pem, private-key-file: /k.pem}
              tunnel: bastion
              store-cookies: true
              network: ip4
              colour: blue
        """));

    assertThat(readBack(imported)).hasSize(1);
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": alerts (slack, pagerduty) was not converted (a Statuslog checks file has no alerting)",
        "endpoint \"core/api\": maintenance-windows was not converted (a Statuslog checks file has no maintenance windows)",
        "endpoint \"core/api\": ui (hide-url, hide-hostname) was not converted (Statuslog's page has no per-check display settings)",
        "endpoint \"core/api\": extra-labels was not converted (Statuslog checks have no metric labels)",
        "endpoint \"core/api\": store was not converted (it only applies to an endpoint in a Gatus suite)",
        "endpoint \"core/api\": always-run was not converted (it only applies to an endpoint in a Gatus suite)",
        "endpoint \"core/api\": retries was not converted (not a Gatus endpoint setting Statuslog knows)",
        "endpoint \"core/api\": client.proxy-url was not converted (a Statuslog check connects directly)",
        "endpoint \"core/api\": client.oauth2 was not converted (a Statuslog check fetches no tokens: set an Authorization header instead)",
        "endpoint \"core/api\": client.identity-aware-proxy was not converted (a Statuslog check fetches no tokens: set an Authorization header instead)",
        "endpoint \"core/api\": client.tls was not converted (a Statuslog check presents no client certificate)",
        "endpoint \"core/api\": client.tunnel was not converted (a Statuslog check connects directly, without an SSH tunnel)",
        "endpoint \"core/api\": client.store-cookies was not converted (each Statuslog probe starts without cookies)",
        "endpoint \"core/api\": client.colour was not converted (not a Gatus client setting Statuslog knows)");
  }

  @Test
  void everyTopLevelBlockButTheEndpointsIsOneWarningAndExternalEndpointsOneEach() throws IOException {
    Imported imported = convert("""
        metrics: true
        storage: {type: sqlite, path: /data/data.db}
        alerting:
          slack: {webhook-url: "https://hooks.slack.com/x"}
        endpoints:
          - {name: web, url: "https://x/", conditions: ["[STATUS] == 200"]}
        external-endpoints:
          - {name: backup, group: jobs, token: secret}
          - {name: cron, token: secret}
        suites:
          - name: login-flow
        ui: {title: Status}
        """);

    assertThat(readBack(imported)).hasSize(1);
    assertThat(imported.warnings()).containsExactly(
        "top-level \"metrics\": metrics was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"storage\": storage was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"alerting\": alerting was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "endpoint \"jobs/backup\": the external endpoint was not converted (Statuslog has no checks whose results are pushed to it)",
        "endpoint \"cron\": the external endpoint was not converted (Statuslog has no checks whose results are pushed to it)",
        "top-level \"suites\": suites was not converted (a Statuslog check is one request; a suite's endpoints share a context)",
        "top-level \"ui\": ui was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)");
  }

  @Test
  void anEndpointWithoutNameOrUrlIsSkippedAndNamedByItsPlace() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {url: "https://x/"}
          - {name: nowhere}
          - just text
          - {name: web, url: "https://y/", conditions: ["[STATUS] == 200"]}
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::id).containsExactly("web");
    assertThat(imported.warnings()).containsExactly(
        "endpoints[0]: the endpoint was not converted (it has no name)",
        "endpoint \"nowhere\": the endpoint was not converted (it has no url)",
        "endpoints[2]: the endpoint was not converted (not an endpoint: expected name, url, conditions...)");
  }

  @Test
  void aValueStatuslogRefusesSkipsItsEndpointWithStatuslogsReason() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {name: bad-header, url: "https://x/", headers: {"Bad Header": x}}
          - {name: web, url: "https://y/", conditions: ["[STATUS] == 200"]}
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::id).containsExactly("web");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"bad-header\": the endpoint was not converted (headers: \"Bad Header\" is not a header name)");
  }

  // --- environment variables

  @Test
  void anEnvironmentVariableIsKeptAsWrittenAndNamedAndADoubleDollarIsADollar() throws IOException {
    Imported imported = convert(endpoint("""
        url: "https://x/?key=$API_KEY"
            headers:
              Authorization: "Bearer ${API_TOKEN}"
              X-Price: "$$5"
            conditions: ["[STATUS] == 200"]
        """));

    Target.Http http = (Target.Http) only(imported).target();
    assertThat(http.url()).isEqualTo(URI.create("https://x/?key=$API_KEY"));
    assertThat(http.headers()).containsEntry("Authorization", "Bearer ${API_TOKEN}").containsEntry("X-Price", "$5");
    assertThat(imported.warnings()).containsExactly(
        "endpoint \"core/api\": $API_KEY in url was not converted (a checks file has no environment variables: the text is kept as written)",
        "endpoint \"core/api\": ${API_TOKEN} in headers.Authorization was not converted (a checks file has no environment variables: the text is kept as written)");
  }

  // --- ids

  @Test
  void theIdIsGroupAndNameSluggedAndMadeUnique() {
    Set<String> taken = new HashSet<>();
    String first = GatusImport.uniqueId("Core API", "Health check (v2)", taken);
    taken.add(first);

    assertThat(first).isEqualTo("core-api_health-check-v2");
    assertThat(GatusImport.uniqueId("core api", "health-check v2", taken)).isEqualTo("core-api_health-check-v2-2");
    assertThat(GatusImport.uniqueId("", "Café Crème", taken)).isEqualTo("cafe-creme");
    assertThat(GatusImport.uniqueId("", "api.example.com", taken)).isEqualTo("api.example.com");
    assertThat(GatusImport.uniqueId("状态", "東京", taken)).as("nothing of the name is left").isEqualTo("endpoint");
    assertThat(GatusImport.uniqueId("_internal_", "--Web--", taken)).isEqualTo("internal_web");
    assertThat(GatusImport.uniqueId("g", "x".repeat(100), taken)).hasSize(64).startsWith("g_xxx");
    taken.add("g_" + "x".repeat(62));
    assertThat(GatusImport.uniqueId("g", "x".repeat(100), taken)).hasSize(64).endsWith("x-2");
  }

  @Test
  void idsAreUniqueInTheFile() throws IOException {
    Imported imported = convert("""
        endpoints:
          - {name: API, url: "https://a/", conditions: ["[STATUS] == 200"]}
          - {name: api, url: "https://b/", conditions: ["[STATUS] == 200"]}
          - {name: A.P.I., url: "https://c/", conditions: ["[STATUS] == 200"]}
        """);

    assertThat(readBack(imported)).extracting(CheckSpec::id, CheckSpec::name).containsExactly(
        org.assertj.core.groups.Tuple.tuple("api", "API"), org.assertj.core.groups.Tuple.tuple("api-2", "api"),
        org.assertj.core.groups.Tuple.tuple("a.p.i", "A.P.I."));
  }

  // --- YAML as Gatus reads it

  @Test
  void anchorsAndMergeKeysAreResolvedAndScalarsKeptAsWritten() throws IOException {
    Imported imported = convert("""
        x-defaults: &defaults
          group: core
          interval: 5m
          client: {timeout: 3s}
          conditions: ["[STATUS] == 200"]
        endpoints:
          - <<: *defaults
            name: one
            url: "https://one/"
            headers: {X-Flag: on, X-Id: 0123}
          - <<: *defaults
            name: two
            url: "https://two/"
        """);

    List<CheckSpec> checks = readBack(imported);
    assertThat(checks).extracting(CheckSpec::id).containsExactly("core_one", "core_two");
    assertThat(checks).allSatisfy(check -> {
      assertThat(check.interval()).isEqualTo(Duration.ofMinutes(5));
      assertThat(check.timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(check.conditions()).containsExactly("[STATUS] == 200");
    });
    assertThat(((Target.Http) checks.get(0).target()).headers()).containsEntry("X-Flag", "on").containsEntry("X-Id", "0123");
    assertThat(imported.warnings()).containsExactly(
        "top-level \"x-defaults\": x-defaults was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)");
  }

  @Test
  void aHundredEndpointsSharingOneAnchorAreRead() throws IOException {
    StringBuilder yaml = new StringBuilder("x-alerts: &alerts\n  - type: slack\nendpoints:\n");
    for (int i = 0; i < 100; i++) {
      yaml.append("  - {name: web").append(i).append(", url: \"https://x/\", alerts: *alerts, conditions: [\"[STATUS] == 200\"]}\n");
    }

    assertThat(readBack(convert(yaml.toString()))).hasSize(100);
  }

  @Test
  void theFileIsPrintedInOneStableForm() {
    String yaml = """
        endpoints:
          - name: API
            group: core
            url: "https://api.example.com/health"
            client: {insecure: true}
            headers: {B: "2", A: "1"}
            conditions: ["[STATUS] == 200"]
          - name: db
            url: "tcp://db:5432"
            interval: 30s
            conditions: ["[CONNECTED] == true"]
        """;

    assertThat(GatusImport.convert("gatus.yml", yaml).checksFile()).isEqualTo("""
        # Imported from the Gatus configuration gatus.yml by `statuslog checks import gatus`:
        # 2 of 2 endpoint(s) converted, 0 warning(s) about what was not.
        checks:
          - id: core_api
            name: API
            component: core
            url: https://api.example.com/health
            headers:
              A: "1"
              B: "2"
            verifyTls: false
            interval: 1m
            timeout: 10s
            conditions:
              - "[STATUS] == 200"
          - id: db
            type: tcp
            host: db
            port: 5432
            interval: 30s
            timeout: 10s
            conditions:
              - "[CONNECTED] == true"
        """);
  }

  // --- not a Gatus configuration

  @Test
  void whatIsNotAGatusConfigurationIsRefusedInOneLine() {
    assertThat(notImportable("endpoints:\n  - name: x\n   url: y\n").getMessage())
        .isEqualTo("gatus.yml:3:4: malformed YAML: the indentation does not match the lines above");
    assertThat(notImportable("").getMessage()).isEqualTo("gatus.yml:1:1: the file is empty");
    assertThat(notImportable("- a\n- b\n").getMessage()).isEqualTo("gatus.yml: not a Gatus configuration: expected keys such as endpoints");
    assertThat(notImportable("checks:\n  - id: api\n").getMessage()).isEqualTo("gatus.yml: not a Gatus configuration: no endpoints");
    assertThat(notImportable("endpoints: []\n").getMessage()).isEqualTo("gatus.yml: not a Gatus configuration: no endpoints");
    assertThat(notImportable("endpoints: web\n").getMessage()).isEqualTo("gatus.yml: not a Gatus configuration: endpoints is not a list of endpoints");
    assertThat(notImportable("a: *nowhere\n").getMessage()).startsWith("gatus.yml:1:4: malformed YAML: found undefined alias");
  }

  @Test
  void aConfigurationOfWhichNothingConvertsIsRefusedWithEveryReason() {
    NotImportable refused = notImportable("""
        endpoints:
          - {name: ping, url: "icmp://10.0.0.1"}
          - {name: off, enabled: false, url: "https://x/"}
        """);

    assertThat(refused.getMessage()).isEqualTo("gatus.yml: none of its 2 endpoint(s) could be converted");
    assertThat(refused.warnings()).containsExactly(
        "endpoint \"ping\": the endpoint was not converted (Statuslog has no ping (icmp) check)",
        "endpoint \"off\": the endpoint was not converted (it is disabled: enabled: false)");
  }

  /** One endpoint, core/api, with the given settings (the first unindented), and [STATUS] == 200 unless they say their conditions. */
  private static String endpoint(String settings) {
    String conditions = settings.contains("conditions:") ? "" : "    conditions: [\"[STATUS] == 200\"]\n";
    return "endpoints:\n  - name: api\n    group: core\n" + conditions + "    " + settings.stripTrailing() + "\n";
  }

  private static Imported convert(String yaml) {
    return GatusImport.convert("gatus.yml", yaml);
  }

  private static NotImportable notImportable(String yaml) {
    return catchThrowableOfType(NotImportable.class, () -> convert(yaml));
  }

  private CheckSpec only(Imported imported) throws IOException {
    List<CheckSpec> checks = readBack(imported);
    assertThat(checks).hasSize(1);
    return checks.get(0);
  }

  /** The checks as `checks apply --dry-run` reads the file. */
  private List<CheckSpec> readBack(Imported imported) throws IOException {
    return ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), imported.checksFile()));
  }
}

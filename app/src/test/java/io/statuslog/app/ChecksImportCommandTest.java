package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statuslog checks import gatus}, as an operator runs it: a realistic Gatus configuration
 * in, a checks file on stdout that {@code checks apply --dry-run} accepts unchanged (it validates
 * with {@link ChecksFile#read}), and on stderr one line for each thing not converted.
 */
class ChecksImportCommandTest {
  @TempDir Path dir;

  @Test
  void aRealisticGatusConfigurationBecomesAChecksFileApplyAccepts() throws Exception {
    Path gatus = fixture("gatus-config.yaml");

    Cli.Run run = Cli.run("checks", "import", "gatus", gatus.toString());

    assertThat(run.exit()).isZero();
    List<CheckSpec> checks = ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), run.out()));
    assertThat(checks).extracting(CheckSpec::id).containsExactly(
        "frontend_website", "frontend_docs", "core-api_login", "core-api_graphql", "core-api_internal-admin",
        "databases_postgres", "databases_redis", "domains_certificate", "domains_example.org", "domains_mx-records", "search");
    assertThat(checks).extracting(check -> check.type().name()).containsExactly(
        "HTTP", "HTTP", "HTTP", "HTTP", "HTTP", "TCP", "TCP", "TLS", "HTTP", "DNS", "HTTP");
    assertThat(checks.get(0)).isEqualTo(new CheckSpec("frontend_website", "Website", Optional.of("Frontend"), Duration.ofSeconds(30),
        Duration.ofSeconds(10), true, List.of(), new Target.Http(new java.net.URI("https://example.org/"), "GET", Map.of(), Optional.empty(),
            true, 10, true, false, 200, Optional.empty()),
        List.of("[STATUS] == 200", "[RESPONSE_TIME] < 300", "[CERTIFICATE_EXPIRATION] > 48h"), List.of()));
    assertThat(checks.get(2).interval()).as("1m30s").isEqualTo(Duration.ofSeconds(90));
    assertThat(checks.get(2).timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(((Target.Http) checks.get(2).target()).body()).as("[ENDPOINT_NAME] filled in, ${PROBE_PASSWORD} kept")
        .hasValue("{\"user\": \"Login-probe\", \"password\": \"${PROBE_PASSWORD}\"}\n");
    assertThat(((Target.Http) checks.get(4).target()).verifyTls()).isFalse();
    assertThat(checks.get(8).conditions()).as("[DOMAIN_EXPIRATION] dropped").containsExactly("[STATUS] == 200");
    assertThat(checks.get(9).target()).isEqualTo(new Target.Dns("example.org", Target.DnsQueryType.MX, Optional.of("8.8.8.8"), 53));

    assertThat(run.err().lines()).containsExactly(
        "top-level \"metrics\": metrics was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"storage\": storage was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"ui\": ui was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"alerting\": alerting was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"x-alerts\": x-alerts was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "top-level \"x-frontend\": x-frontend was not converted (the checks file holds only checks; Statuslog's own settings are in statuslog.yml)",
        "endpoint \"Frontend/Website\": alerts (slack, pagerduty) was not converted (a Statuslog checks file has no alerting)",
        "endpoint \"Frontend/Docs\": alerts (slack, pagerduty) was not converted (a Statuslog checks file has no alerting)",
        "endpoint \"Core API/Login\": ${PROBE_PASSWORD} in body was not converted (a checks file has no environment variables: the text is kept as written)",
        "endpoint \"Core API/Login\": alerts (slack, pagerduty) was not converted (a Statuslog checks file has no alerting)",
        "endpoint \"Core API/Internal admin\": client.dns-resolver tcp://10.0.0.2:53 was not converted (a Statuslog http check resolves names with the checker's resolver)",
        "endpoint \"Core API/Internal admin\": ui (hide-url, hide-hostname) was not converted (Statuslog's page has no per-check display settings)",
        "endpoint \"Domains/example.org\": condition \"[DOMAIN_EXPIRATION] > 720h\" was not converted (Statuslog has no [DOMAIN_EXPIRATION] placeholder: the condition is dropped)",
        "endpoint \"Network/Gateway\": the endpoint was not converted (Statuslog has no ping (icmp) check)",
        "endpoint \"Network/Bastion\": the endpoint was not converted (Statuslog has no ssh check)",
        "endpoint \"Network/Mail\": the endpoint was not converted (Statuslog has no starttls check)",
        "endpoint \"Core API/Legacy API\": the endpoint was not converted (it is disabled: enabled: false)",
        "endpoint \"Search\": maintenance-windows was not converted (a Statuslog checks file has no maintenance windows)",
        "endpoint \"Jobs/Nightly backup\": the external endpoint was not converted (Statuslog has no checks whose results are pushed to it)");
  }

  @Test
  void theChecksFileIsPrintedAsTheGoldenFileSays() throws Exception {
    Path gatus = fixture("gatus-config.yaml");

    Cli.Run run = Cli.run("checks", "import", "gatus", gatus.toString());

    assertThat(run.out().replace(gatus.toString(), "config.yaml")).isEqualTo(Files.readString(fixture("gatus-config.checks.yml")));
  }

  @Test
  void whatIsNotAGatusConfigurationIsRefusedInOneLineWithExitTwo() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    Path malformed = Files.writeString(dir.resolve("malformed.yaml"), "endpoints:\n  - name: x\n   url: y\n");
    Path checks = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - id: api\n    url: https://x/\n");

    assertRefused(Cli.run("checks", "import", "gatus", missing.toString()), missing + ": no such file");
    assertRefused(Cli.run("checks", "import", "gatus", malformed.toString()),
        malformed + ":3:4: malformed YAML: the indentation does not match the lines above");
    assertRefused(Cli.run("checks", "import", "gatus", checks.toString()), checks + ": not a Gatus configuration: no endpoints");
    assertRefused(Cli.run("checks", "import", "gatus", dir.toString()), dir + ": cannot be read");
  }

  @Test
  void aConfigurationOfWhichNothingConvertsSaysWhyForEachEndpointAndPrintsNothing() throws Exception {
    Path gatus = Files.writeString(dir.resolve("config.yaml"), "endpoints:\n  - {name: ping, url: \"icmp://10.0.0.1\"}\n");

    Cli.Run run = Cli.run("checks", "import", "gatus", gatus.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).containsExactly(
        "endpoint \"ping\": the endpoint was not converted (Statuslog has no ping (icmp) check)",
        "statuslog checks import gatus: " + gatus + ": none of its 1 endpoint(s) could be converted");
  }

  @Test
  void helpListsTheExitCodes() {
    Cli.Run help = Cli.run("checks", "import", "gatus", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Exit codes:").containsPattern("0 +converted").containsPattern("2 +FILE is not a Gatus configuration");
  }

  private static void assertRefused(Cli.Run run, String reason) {
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("statuslog checks import gatus: " + reason);
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(ChecksImportCommandTest.class.getResource("/fixtures/" + name).toURI());
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.web.WebConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * No Docker engine runs where the tests run, so the compose file is checked against the code it
 * drives: every role service runs a real subcommand with options the CLI accepts, its config
 * file parses with every role's configuration class, and every variable it sets is one the
 * config file reads.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}");
  private static final Map<String, Class<?>> CONFIG_BY_ROLE =
      Map.of("checker", CheckerConfiguration.class, "projector", ProjectorConfiguration.class, "web", WebConfiguration.class, "checks", CheckerConfiguration.class,
          "ingest", IngestConfiguration.class);

  @Test
  void everyRoleServiceRunsARealCommandWithAValidConfiguration() throws IOException {
    Map<String, Map<String, Object>> services = services();
    List<String> roles = services.keySet().stream().filter(name -> "statuslog:latest".equals(services.get(name).get("image"))).toList();
    assertThat(roles).containsExactlyInAnyOrder("checker", "projector", "web", "checks", "ingest");

    for (String role : roles) {
      Map<String, Object> service = services.get(role);
      @SuppressWarnings("unchecked")
      List<String> command = (List<String>) service.get("command");

      CommandLine.ParseResult parsed = Statuslog.commandLine().parseArgs(command.toArray(String[]::new));
      assertThat(parsed.subcommand()).as("service %s runs a statuslog subcommand", role).isNotNull();
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(role);
      CommandLine.ParseResult deepest = parsed.subcommand();
      while (deepest.subcommand() != null) {
        deepest = deepest.subcommand();
      }

      Path config = hostPath(service, deepest.matchedOptionValue("-c", Path.of("")).toString());
      assertThat(config).as("config file of %s", role).isRegularFile();
      assertThatCode(() -> ConfigFiles.load(config, CONFIG_BY_ROLE.get(role))).as("config of %s", role).doesNotThrowAnyException();

      Set<String> readByConfig = variables(Files.readString(config));
      @SuppressWarnings("unchecked")
      Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
      assertThat(readByConfig).as("variables %s sets are read by its config file", role).containsAll(environment.keySet());
    }
  }

  @Test
  void theChecksServiceAppliesAValidChecksFile() throws IOException {
    Map<String, Object> checks = services().get("checks");
    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) checks.get("command");
    Path file = hostPath(checks, command.get(2));

    assertThat(ChecksFile.read(file)).isNotEmpty();
  }

  @Test
  void webAndIngestListenOnTheirOwnPortsFromTheOneConfigFile() throws IOException {
    Path config = ROOT.resolve("deploy/statuslog.yml");
    WebConfiguration web = ConfigFiles.load(config, WebConfiguration.class);
    IngestConfiguration ingest = ConfigFiles.load(config, IngestConfiguration.class);

    DefaultServerFactory webServer = (DefaultServerFactory) web.getServerFactory();
    Set<Integer> webPorts = ports(webServer.getApplicationConnectors(), webServer.getAdminConnectors());
    Set<Integer> ingestPorts = ports(ingest.getIngest().getServer().getApplicationConnectors(), ingest.getIngest().getServer().getAdminConnectors());
    assertThat(webPorts).containsExactlyInAnyOrder(8080, 8081);
    assertThat(ingestPorts).containsExactlyInAnyOrder(8082, 8083);
    @SuppressWarnings("unchecked")
    List<String> published = (List<String>) services().get("ingest").get("ports");
    assertThat(published).containsExactlyInAnyOrder("8082:8082", "8083:8083");
  }

  @SafeVarargs
  private static Set<Integer> ports(List<ConnectorFactory>... connectors) {
    Set<Integer> ports = new TreeSet<>();
    for (List<ConnectorFactory> list : connectors) {
      list.forEach(connector -> ports.add(((HttpConnectorFactory) connector).getPort()));
    }
    return ports;
  }

  @Test
  void kafkaKeepsTheLogForever() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> environment = (Map<String, Object>) services().get("kafka").get("environment");

    assertThat(environment.get("KAFKA_LOG_RETENTION_MS")).isEqualTo(-1);
    assertThat(environment.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  /** Maps a path inside the container to the repository file mounted there. */
  private static Path hostPath(Map<String, Object> service, String containerPath) {
    @SuppressWarnings("unchecked")
    List<String> volumes = (List<String>) service.get("volumes");
    for (String volume : volumes) {
      String[] parts = volume.split(":");
      if (containerPath.startsWith(parts[1] + "/")) {
        return ROOT.resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
      }
    }
    throw new AssertionError(containerPath + " is not on a volume mounted from the repository");
  }

  private static Set<String> variables(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}

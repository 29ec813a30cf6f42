package io.statuslog.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.statuslog.schemas.secret.SecretToken;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** One configuration file runs web and ingest: ingest takes its ports from ingest.server, never from server. */
class IngestConfigurationTest {
  @Test
  void withoutAnIngestBlockIngestListensOn8082And8083AndLogsNoRequests() throws Exception {
    IngestConfiguration config = parse("""
        kafka: {bootstrapServers: "kafka:9092"}
        server:
          applicationConnectors: [{type: http, port: 8080}]
          adminConnectors: [{type: http, port: 8081}]
        web: {adminToken: x}
        """);

    assertThat(port(config.getIngest().getServer().getApplicationConnectors().getFirst())).isEqualTo(8082);
    assertThat(port(config.getIngest().getServer().getAdminConnectors().getFirst())).isEqualTo(8083);
    assertThat(config.getServerFactory()).isSameAs(config.getIngest().getServer());
    assertThat(((LogbackAccessRequestLogFactory) config.getIngest().getServer().getRequestLogFactory()).isEnabled())
        .as("a push URL holds its token in the path").isFalse();
    assertThat(config.getIngest().pushUrl(SecretToken.of("abc"))).hasToString("http://localhost:8082/v1/push/abc?status=up&msg=OK&ping=");
  }

  @Test
  void aBlockGivingOnlyTheApiPortKeepsIngestsAdminPortNotDropwizards() throws Exception {
    IngestConfiguration config = parse("""
        kafka: {bootstrapServers: "kafka:9092"}
        ingest:
          publicUrl: https://status.example.com/ingest/
          server:
            applicationConnectors: [{type: http, port: 9000}]
        """);

    assertThat(port(config.getIngest().getServer().getApplicationConnectors().getFirst())).isEqualTo(9000);
    assertThat(port(config.getIngest().getServer().getAdminConnectors().getFirst())).isEqualTo(8083);
    assertThat(config.getIngest().baseUrl()).hasToString("https://status.example.com/ingest");
  }

  @Test
  void aBurstSmallerThanABatchIsRefused() {
    assertThatThrownBy(() -> parse("""
        kafka: {bootstrapServers: "kafka:9092"}
        ingest:
          maxBatchResults: 1000
          rateLimit: {perSecond: 10, burst: 100}
        """)).hasMessageContaining("rateLimit.burst must be at least maxBatchResults");
  }

  @Test
  void resultsAreTakenUpTo30DaysOldUnlessSetAndAnAgeUnderADayIsRefused() throws Exception {
    assertThat(parse("kafka: {bootstrapServers: \"kafka:9092\"}\n").getIngest().getMaxResultAge()).isEqualTo(io.dropwizard.util.Duration.days(30));
    assertThatThrownBy(() -> parse("""
        kafka: {bootstrapServers: "kafka:9092"}
        ingest:
          maxResultAge: 2h
        """)).hasMessageContaining("maxResultAge must be at least 1 day");
  }

  private static int port(io.dropwizard.jetty.ConnectorFactory connector) {
    return ((HttpConnectorFactory) connector).getPort();
  }

  private static IngestConfiguration parse(String yaml) throws Exception {
    return new YamlConfigurationFactory<>(IngestConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
        .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "statuslog.yml");
  }
}

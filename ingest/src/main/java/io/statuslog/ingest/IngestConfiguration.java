package io.statuslog.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.secret.SecretToken;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Ingest's view of the shared configuration file: {@code kafka}, {@code logging}, and its own
 * {@code ingest} block. The top-level {@code server} block is the web tier's: ingest listens on
 * the ports of {@code ingest.server} (8082, admin 8083 by default), so one file runs both, in
 * one process ({@code dev}) or side by side. Other roles' blocks are ignored.
 */
@JsonIgnoreProperties(value = "server", ignoreUnknown = true)
public class IngestConfiguration extends Configuration {
  @Valid @NotNull private KafkaSettings kafka;
  @Valid @NotNull private Ingest ingest = new Ingest();

  @JsonProperty("kafka")
  public KafkaSettings getKafka() {
    return kafka;
  }

  @JsonProperty("kafka")
  public void setKafka(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  @JsonProperty("ingest")
  public Ingest getIngest() {
    return ingest;
  }

  @JsonProperty("ingest")
  public void setIngest(Ingest ingest) {
    this.ingest = ingest;
  }

  /** Dropwizard starts the server this returns: ingest's own, never the web tier's. */
  @Override
  public ServerFactory getServerFactory() {
    return ingest.getServer();
  }

  /** The {@code ingest:} block; every field has a default. */
  public static class Ingest {
    @Valid @NotNull private IngestServerFactory server = new IngestServerFactory();
    @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1-100 characters of letters, digits, '.', '_' or '-'")
    private String instanceId;
    private URI publicUrl;
    @Min(1) @Max(10_000) private int maxBatchResults = 1_000;
    @NotNull private DataSize maxBatchSize = DataSize.mebibytes(1);
    @NotNull private Duration ackTimeout = Duration.seconds(10);
    @NotNull private Duration maxClockSkew = Duration.minutes(5);
    @NotNull private Duration maxResultAge = Duration.days(30);
    @Valid @NotNull private RateLimit rateLimit = new RateLimit(200, 5_000);
    @Valid @NotNull private RateLimit pushRateLimit = new RateLimit(1, 60);

    /** The server ingest runs: a Dropwizard server block, as the top-level one the web tier reads. */
    @JsonProperty
    public IngestServerFactory getServer() {
      return server;
    }

    @JsonProperty
    public void setServer(IngestServerFactory server) {
      this.server = server;
    }

    /**
     * Names this instance in its log and its Kafka client ids ({@code statuslog-ingest-<instanceId>-0} to {@code -3});
     * unset, the host name and the API port.
     */
    @JsonProperty
    public Optional<String> getInstanceId() {
      return Optional.ofNullable(instanceId);
    }

    @JsonProperty
    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }

    /** Where clients reach ingest, for the push URLs `checks apply` and `dev` print; unset, http://localhost and the API port. */
    @JsonProperty
    public Optional<URI> getPublicUrl() {
      return Optional.ofNullable(publicUrl);
    }

    @JsonProperty
    public void setPublicUrl(URI publicUrl) {
      this.publicUrl = publicUrl;
    }

    @JsonProperty
    public int getMaxBatchResults() {
      return maxBatchResults;
    }

    @JsonProperty
    public void setMaxBatchResults(int maxBatchResults) {
      this.maxBatchResults = maxBatchResults;
    }

    @JsonProperty
    public DataSize getMaxBatchSize() {
      return maxBatchSize;
    }

    @JsonProperty
    public void setMaxBatchSize(DataSize maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
    }

    /** How long a request may wait for Kafka to acknowledge its results before it is answered 503. */
    @JsonProperty
    public Duration getAckTimeout() {
      return ackTimeout;
    }

    @JsonProperty
    public void setAckTimeout(Duration ackTimeout) {
      this.ackTimeout = ackTimeout;
    }

    /** How far ahead of ingest's clock a result may have started (an agent's clock running fast). */
    @JsonProperty
    public Duration getMaxClockSkew() {
      return maxClockSkew;
    }

    @JsonProperty
    public void setMaxClockSkew(Duration maxClockSkew) {
      this.maxClockSkew = maxClockSkew;
    }

    /**
     * How long ago a result may have started (30 days unless set; at least 1 day): an agent
     * delivering its spool after an outage sends old results, and one refused for its age is
     * refused on every retry. Raise it to let agents cut off for longer deliver.
     */
    @JsonProperty
    public Duration getMaxResultAge() {
      return maxResultAge;
    }

    @JsonProperty
    public void setMaxResultAge(Duration maxResultAge) {
      this.maxResultAge = maxResultAge;
    }

    /** Results per second per agent, and the burst; beyond them a batch is answered 429 with Retry-After. */
    @JsonProperty
    public RateLimit getRateLimit() {
      return rateLimit;
    }

    @JsonProperty
    public void setRateLimit(RateLimit rateLimit) {
      this.rateLimit = rateLimit;
    }

    /** Heartbeats per second per push check, and the burst. */
    @JsonProperty
    public RateLimit getPushRateLimit() {
      return pushRateLimit;
    }

    @JsonProperty
    public void setPushRateLimit(RateLimit pushRateLimit) {
      this.pushRateLimit = pushRateLimit;
    }

    /** Where clients reach ingest: {@code publicUrl}, or http://localhost and the API port. */
    public URI baseUrl() {
      if (publicUrl != null) {
        return URI.create(publicUrl.toString().replaceAll("/+$", ""));
      }
      int port = server.getApplicationConnectors().stream().filter(HttpConnectorFactory.class::isInstance).map(HttpConnectorFactory.class::cast)
          .mapToInt(HttpConnectorFactory::getPort).findFirst().orElse(8082);
      return URI.create("http://localhost:" + port);
    }

    /** The URL a push monitor calls with this token, with Uptime Kuma's query: what a cron job curls. */
    public URI pushUrl(SecretToken token) {
      return URI.create(baseUrl() + "/v1/push/" + token.reveal() + "?status=up&msg=OK&ping=");
    }

    @AssertTrue(message = "maxResultAge must be at least 1 day: an agent delivering its spool after an outage sends results that old,"
        + " and a result refused for its age is refused on every retry")
    public boolean isMaxResultAgeAtLeastADay() {
      return maxResultAge == null || maxResultAge.toJavaDuration().compareTo(java.time.Duration.ofDays(1)) >= 0;
    }

    @AssertTrue(message = "rateLimit.burst must be at least maxBatchResults: a full batch must be able to pass")
    public boolean isBurstAtLeastABatch() {
      return rateLimit == null || rateLimit.getBurst() >= maxBatchResults;
    }
  }

  /**
   * Dropwizard's default server with ingest's defaults for whatever a block leaves out: ports
   * 8082 (API) and 8083 (admin: health, metrics), and no request log, since a push URL holds its
   * secret token in the path. An operator who configures a request log must leave the path out
   * of its format, or push tokens reach the log files.
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
  public static class IngestServerFactory extends DefaultServerFactory {
    public IngestServerFactory() {
      setApplicationConnectors(List.of(http(8082)));
      setAdminConnectors(List.of(http(8083)));
      LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
      requestLog.setAppenders(List.of());
      setRequestLogFactory(requestLog);
    }

    private static ConnectorFactory http(int port) {
      HttpConnectorFactory connector = new HttpConnectorFactory();
      connector.setPort(port);
      return connector;
    }
  }

  /** A token bucket: {@code perSecond} on average, up to {@code burst} at once. */
  public static class RateLimit {
    @DecimalMin(value = "0", inclusive = false) private double perSecond;
    @Min(1) private long burst;

    public RateLimit() {}

    public RateLimit(double perSecond, long burst) {
      this.perSecond = perSecond;
      this.burst = burst;
    }

    @JsonProperty
    public double getPerSecond() {
      return perSecond;
    }

    @JsonProperty
    public void setPerSecond(double perSecond) {
      this.perSecond = perSecond;
    }

    @JsonProperty
    public long getBurst() {
      return burst;
    }

    @JsonProperty
    public void setBurst(long burst) {
      this.burst = burst;
    }
  }
}

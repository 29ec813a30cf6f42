package io.statuslog.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.statuslog.schemas.kafka.KafkaSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * The web tier's view of the shared configuration file: Dropwizard's {@code server} and
 * {@code logging}, plus {@code database}, {@code kafka} (for the admin API), {@code readModel}
 * and its own {@code web} block. Other roles' blocks are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class WebConfiguration extends Configuration {
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();
  private KafkaSettings kafka;
  @Valid @NotNull private ReadModel readModel = new ReadModel();
  @Valid @NotNull private Web web = new Web();

  @JsonProperty("database")
  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty("kafka")
  public KafkaSettings getKafka() {
    return kafka;
  }

  @JsonProperty("kafka")
  public void setKafka(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  @JsonProperty("readModel")
  public ReadModel getReadModel() {
    return readModel;
  }

  @JsonProperty("readModel")
  public void setReadModel(ReadModel readModel) {
    this.readModel = readModel;
  }

  @JsonProperty("web")
  public Web getWeb() {
    return web;
  }

  @JsonProperty("web")
  public void setWeb(Web web) {
    this.web = web;
  }

  /**
   * The {@code readModel:} block. {@code maxVersion} caps the read model versions this web tier
   * reads (default: every version this code knows), as an older binary would.
   */
  public static class ReadModel {
    /** The newest read model version this code knows how to read. */
    public static final int KNOWN_VERSION = 4;

    @Min(1) private int maxVersion = KNOWN_VERSION;

    @JsonProperty
    public int getMaxVersion() {
      return maxVersion;
    }

    @JsonProperty
    public void setMaxVersion(int maxVersion) {
      this.maxVersion = maxVersion;
    }
  }

  /** The {@code web:} block. */
  public static class Web {
    private Path snapshotFile;
    private String adminToken;
    @NotNull private Duration refreshEvery = Duration.seconds(5);
    @NotNull private Duration staleAfter = Duration.seconds(30);
    @NotNull private Duration queryTimeout = Duration.seconds(5);

    /** Where the last good snapshot is kept, so a restart with the database down still serves it. */
    @JsonProperty
    public Path getSnapshotFile() {
      return snapshotFile;
    }

    @JsonProperty
    public void setSnapshotFile(Path snapshotFile) {
      this.snapshotFile = snapshotFile;
    }

    /** Bearer token for /api/v1/admin; the admin API is disabled without one. */
    @JsonProperty
    public String getAdminToken() {
      return adminToken;
    }

    @JsonProperty
    public void setAdminToken(String adminToken) {
      this.adminToken = adminToken;
    }

    @JsonProperty
    public Duration getRefreshEvery() {
      return refreshEvery;
    }

    @JsonProperty
    public void setRefreshEvery(Duration refreshEvery) {
      this.refreshEvery = refreshEvery;
    }

    /** Data older than this is served marked stale, with the banner. */
    @JsonProperty
    public Duration getStaleAfter() {
      return staleAfter;
    }

    @JsonProperty
    public void setStaleAfter(Duration staleAfter) {
      this.staleAfter = staleAfter;
    }

    /** A read slower than this is abandoned; the page keeps serving the last good data. */
    @JsonProperty
    public Duration getQueryTimeout() {
      return queryTimeout;
    }

    @JsonProperty
    public void setQueryTimeout(Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
    }
  }
}

package io.statuslog.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The web tier's view of the shared configuration file: Dropwizard's {@code server} and
 * {@code logging}, plus {@code database} and {@code readModel}. Other roles' blocks are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class WebConfiguration extends Configuration {
  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull private ReadModel readModel = new ReadModel();

  @JsonProperty("database")
  public DataSourceFactory getDatabase() {
    return database;
  }

  @JsonProperty("database")
  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  @JsonProperty("readModel")
  public ReadModel getReadModel() {
    return readModel;
  }

  @JsonProperty("readModel")
  public void setReadModel(ReadModel readModel) {
    this.readModel = readModel;
  }

  /**
   * The {@code readModel:} block. {@code maxVersion} caps the read model versions this web tier
   * reads (default: every version this code knows), as an older binary would.
   */
  public static class ReadModel {
    /** The newest read model version this code knows how to read. */
    public static final int KNOWN_VERSION = 3;

    private int maxVersion = KNOWN_VERSION;

    @JsonProperty
    public int getMaxVersion() {
      return maxVersion;
    }

    @JsonProperty
    public void setMaxVersion(int maxVersion) {
      this.maxVersion = maxVersion;
    }
  }
}

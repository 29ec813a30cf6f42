package io.statuslog.projector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.statuslog.schemas.kafka.KafkaSettings;

/**
 * What the projector reads from the shared configuration file: {@code kafka}, {@code database},
 * {@code readModel} and its own {@code projector} block. Other roles' blocks are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectorConfiguration(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty(value = "database", required = true) DataSourceFactory database,
    @JsonProperty("readModel") ReadModel readModel,
    @JsonProperty("projector") Projector projector) {

  public ProjectorConfiguration {
    readModel = readModel == null ? new ReadModel(null) : readModel;
    projector = projector == null ? new Projector(null) : projector;
  }

  /** The {@code readModel:} block: which PostgreSQL schema holds the read model. */
  public record ReadModel(@JsonProperty("schema") String schema) {
    public ReadModel {
      schema = schema == null ? "rm_1" : schema;
    }
  }

  /** The {@code projector:} block. */
  public record Projector(@JsonProperty("maxBatch") Integer maxBatch) {
    public Projector {
      maxBatch = maxBatch == null ? 5000 : maxBatch;
      if (maxBatch < 1) {
        throw new IllegalArgumentException("projector.maxBatch must be at least 1");
      }
    }
  }
}

package io.statuslog.projector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.statuslog.schemas.kafka.KafkaSettings;

/**
 * What the projector and the operator commands read from the shared configuration file:
 * {@code kafka}, {@code database} and the {@code projector} block. Other roles' blocks are
 * ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectorConfiguration(
    @JsonProperty(value = "kafka", required = true) KafkaSettings kafka,
    @JsonProperty(value = "database", required = true) DataSourceFactory database,
    @JsonProperty("projector") Projector projector) {

  public ProjectorConfiguration {
    projector = projector == null ? new Projector(null, null) : projector;
  }

  /** The {@code projector:} block. */
  public record Projector(@JsonProperty("maxBatch") Integer maxBatch, @JsonProperty("replayBatch") Integer replayBatch) {
    public Projector {
      maxBatch = maxBatch == null ? 5_000 : maxBatch;
      replayBatch = replayBatch == null ? 100_000 : replayBatch;
      if (maxBatch < 1 || replayBatch < 1) {
        throw new IllegalArgumentException("projector.maxBatch and projector.replayBatch must be at least 1");
      }
    }
  }
}

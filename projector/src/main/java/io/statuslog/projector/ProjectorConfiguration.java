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

  /**
   * The {@code projector:} block. {@code replayBatch}, the records per transaction of a rebuild
   * or verify, defaults to what this JVM's heap affords: see {@link #replayBatchFor}.
   */
  public record Projector(@JsonProperty("maxBatch") Integer maxBatch, @JsonProperty("replayBatch") Integer replayBatch) {
    public Projector {
      maxBatch = maxBatch == null ? 5_000 : maxBatch;
      replayBatch = replayBatch == null ? replayBatchFor(Runtime.getRuntime().maxMemory()) : replayBatch;
      if (maxBatch < 1) {
        throw new IllegalArgumentException("projector.maxBatch must be at least 1, got " + maxBatch);
      }
      if (replayBatch < 1) {
        throw new IllegalArgumentException("projector.replayBatch must be at least 1, got " + replayBatch);
      }
    }

    /**
     * About 10 KiB of heap per record of a replay batch, between 10,000 and 100,000 records.
     * Larger batches write fewer rows per event (a batch upserts one status and a few rollups
     * per check it touches), but several batches are in flight at once: on a 512 MiB heap,
     * 100,000-record batches replayed a quarter slower than 50,000-record ones, on 1 GiB a
     * tenth faster (bench/replay.sh).
     */
    public static int replayBatchFor(long maxHeapBytes) {
      return (int) Math.clamp(maxHeapBytes / 10_240, 10_000, 100_000);
    }
  }
}

package io.statuslog.projector.core;

import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.readmodel.LatencyBuckets;
import java.util.Arrays;

/** Counts, latency sum and maximum, and latency histogram of one check in one time bucket. */
public record Rollup(int up, int down, int degraded, long latencySumMs, long latencyMaxMs, long[] latencyBuckets) {

  public int total() {
    return up + down + degraded;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Rollup that
        && up == that.up && down == that.down && degraded == that.degraded
        && latencySumMs == that.latencySumMs && latencyMaxMs == that.latencyMaxMs
        && Arrays.equals(latencyBuckets, that.latencyBuckets);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(up, down, degraded, latencySumMs, latencyMaxMs) + Arrays.hashCode(latencyBuckets);
  }

  @Override
  public String toString() {
    return "Rollup[up=" + up + ", down=" + down + ", degraded=" + degraded + ", latencySumMs=" + latencySumMs
        + ", latencyMaxMs=" + latencyMaxMs + ", latencyBuckets=" + Arrays.toString(latencyBuckets) + "]";
  }

  /** A mutable accumulator, so folding millions of results does not allocate per result. */
  static final class Builder {
    private int up;
    private int down;
    private int degraded;
    private long latencySumMs;
    private long latencyMaxMs;
    private final long[] buckets = new long[LatencyBuckets.COUNT];

    void add(Outcome outcome, long durationMs) {
      switch (outcome) {
        case UP -> up++;
        case DOWN -> down++;
        case DEGRADED -> degraded++;
      }
      latencySumMs += durationMs;
      latencyMaxMs = Math.max(latencyMaxMs, durationMs);
      buckets[LatencyBuckets.bucketOf(durationMs)]++;
    }

    /** Adds a finer-grained rollup (a minute into its hour or day). */
    void add(Builder finer) {
      up += finer.up;
      down += finer.down;
      degraded += finer.degraded;
      latencySumMs += finer.latencySumMs;
      latencyMaxMs = Math.max(latencyMaxMs, finer.latencyMaxMs);
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] += finer.buckets[i];
      }
    }

    Rollup build() {
      return new Rollup(up, down, degraded, latencySumMs, latencyMaxMs, buckets.clone());
    }
  }
}

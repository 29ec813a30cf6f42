package io.statuslog.web.core;

/**
 * Reads a quantile off the read model's latency histogram: bucket i counts durations up to
 * {@code BOUNDS_MS[i]} (the projector's LatencyHistogram), the last one the rest.
 */
public final class Percentiles {
  static final long[] BOUNDS_MS = {10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000};

  private Percentiles() {}

  /** The upper bound of the bucket holding the quantile; null with no data or in the open last bucket. */
  public static Long upperBoundMs(long[] buckets, double quantile) {
    long total = 0;
    for (long count : buckets) {
      total += count;
    }
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < buckets.length; i++) {
      seen += buckets[i];
      if (seen >= rank) {
        return i < BOUNDS_MS.length ? BOUNDS_MS[i] : null;
      }
    }
    return null;
  }
}

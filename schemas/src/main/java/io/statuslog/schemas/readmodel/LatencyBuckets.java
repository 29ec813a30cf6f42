package io.statuslog.schemas.readmodel;

/**
 * The latency histogram of the read model's rollups, a contract between the projector that
 * writes it and the web tier that reads percentiles off it. Coarse enough to store per minute,
 * fine enough for p50/p95/p99 on a status page. Bucket i counts durations up to
 * {@code BOUNDS_MS[i]}; the last one counts the rest.
 */
public final class LatencyBuckets {
  public static final long[] BOUNDS_MS = {10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000};
  public static final int COUNT = BOUNDS_MS.length + 1;

  private LatencyBuckets() {}

  public static int bucketOf(long durationMs) {
    for (int i = 0; i < BOUNDS_MS.length; i++) {
      if (durationMs <= BOUNDS_MS[i]) {
        return i;
      }
    }
    return BOUNDS_MS.length;
  }

  /**
   * As {@link #quantileUpperBoundMs(long[], double)}, but never above the longest duration
   * counted: a 3 s timeout's probes fall in the bucket up to 5 s, and their p95 is 3 s, not 5 s.
   * In the open last bucket the longest duration is the bound.
   */
  public static Long quantileUpperBoundMs(long[] buckets, double quantile, long maxMs) {
    Long bound = quantileUpperBoundMs(buckets, quantile);
    if (bound == null) {
      return total(buckets) == 0 ? null : maxMs;
    }
    return Math.min(bound, maxMs);
  }

  /**
   * The upper bound of the bucket holding the {@code quantile} (0..1) of all counted
   * durations; null with nothing counted, or when it falls in the open last bucket.
   */
  public static Long quantileUpperBoundMs(long[] buckets, double quantile) {
    long total = total(buckets);
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

  private static long total(long[] buckets) {
    long total = 0;
    for (long count : buckets) {
      total += count;
    }
    return total;
  }
}

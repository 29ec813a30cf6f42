package io.statuslog.checker.core;

import java.time.Duration;

/**
 * How late probes start against their schedule: a fixed histogram of milliseconds, cheap
 * enough to count every probe of a worker holding 10 000 checks, read as percentiles. A probe
 * that starts late measures its target late; this is the number that says whether a worker
 * holds its checks. Thread-safe.
 */
public final class ScheduleLag {
  private static final long[] BOUNDS_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000};

  /** Percentiles of one window of probes; each a bucket's upper bound, never above the latest start. */
  public record Snapshot(long probes, long p50Ms, long p99Ms, long maxMs) {
    @Override
    public String toString() {
      return "probes=" + probes + " p50=" + p50Ms + "ms p99=" + p99Ms + "ms max=" + maxMs + "ms";
    }
  }

  private final long[] counts = new long[BOUNDS_MS.length + 1];
  private long maxMs;

  public synchronized void record(Duration lateness) {
    long ms = Math.max(0, lateness.toMillis());
    int bucket = 0;
    while (bucket < BOUNDS_MS.length && ms > BOUNDS_MS[bucket]) {
      bucket++;
    }
    counts[bucket]++;
    maxMs = Math.max(maxMs, ms);
  }

  /** The window so far, and a new window from now. */
  public synchronized Snapshot takeSnapshot() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    Snapshot snapshot = new Snapshot(total, percentile(total, 0.50), percentile(total, 0.99), maxMs);
    java.util.Arrays.fill(counts, 0);
    maxMs = 0;
    return snapshot;
  }

  private long percentile(long total, double quantile) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(i < BOUNDS_MS.length ? BOUNDS_MS[i] : maxMs, maxMs);
      }
    }
    return maxMs;
  }
}

package io.statuslog.bench.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests the target answered, as its access log has them: per path (one path per check), the
 * times they were answered. The target is the reference the benchmark counts against: a probe
 * is a request the target saw, whoever sent it.
 *
 * <p>Log lines are {@code <epoch seconds with millis> <path> <status>}, as nginx writes them with
 * {@code log_format probes '$msec $uri $status'} and the Java target writes them too.
 */
final class Arrivals {
  private final Map<String, long[]> byPath;
  private final Map<String, Long> notOk;

  private Arrivals(Map<String, long[]> byPath, Map<String, Long> notOk) {
    this.byPath = byPath;
    this.notOk = notOk;
  }

  static Arrivals read(Path accessLog) throws IOException {
    Map<String, List<Long>> times = new HashMap<>();
    Map<String, Long> notOk = new HashMap<>();
    try (BufferedReader lines = Files.newBufferedReader(accessLog)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String[] fields = line.split(" ");
        if (fields.length < 3) {
          continue; // a line cut by a stop mid-write
        }
        long millis = Math.round(Double.parseDouble(fields[0]) * 1000);
        times.computeIfAbsent(fields[1], path -> new ArrayList<>()).add(millis);
        if (!fields[2].equals("200")) {
          notOk.merge(fields[1], 1L, Long::sum);
        }
      }
    }
    Map<String, long[]> byPath = new HashMap<>();
    times.forEach((path, list) -> {
      long[] sorted = list.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      byPath.put(path, sorted);
    });
    return new Arrivals(byPath, notOk);
  }

  /** Requests answered per path under {@code prefix} (the path without the prefix is the check id). */
  Map<String, Long> answered(String prefix) {
    Map<String, Long> counts = new HashMap<>();
    byPath.forEach((path, times) -> {
      if (path.startsWith(prefix)) {
        counts.put(path.substring(prefix.length()), (long) times.length);
      }
    });
    return counts;
  }

  /** Requests answered with a status other than 200, under {@code prefix}. */
  long notOk(String prefix) {
    return notOk.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
  }

  /** Requests under {@code prefix} answered in [fromMillis, toMillis). */
  long within(String prefix, long fromMillis, long toMillis) {
    long count = 0;
    for (Map.Entry<String, long[]> entry : byPath.entrySet()) {
      if (entry.getKey().startsWith(prefix)) {
        for (long t : entry.getValue()) {
          if (t >= fromMillis && t < toMillis) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /**
   * How late requests arrived against each check's own fixed-rate schedule, seen from the target:
   * a check probed every {@code intervalMillis} should arrive at phase + k * interval. The phase
   * is taken from its earliest arrival relative to that grid (the best case, so lateness is never
   * negative); each arrival in the window is then late by its distance above it. A beat missing
   * from the grid (a probe skipped, or never answered) is counted apart.
   */
  Lag lag(String prefix, long intervalMillis, long fromMillis, long toMillis) {
    List<Long> lags = new ArrayList<>();
    long skipped = 0;
    for (Map.Entry<String, long[]> entry : byPath.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      long[] t = entry.getValue();
      long[] beat = new long[t.length];
      long phase = Long.MAX_VALUE;
      for (int i = 0; i < t.length; i++) {
        beat[i] = Math.round((t[i] - t[0]) / (double) intervalMillis);
        phase = Math.min(phase, t[i] - beat[i] * intervalMillis);
      }
      for (int i = 0; i < t.length; i++) {
        if (t[i] >= fromMillis && t[i] < toMillis) {
          lags.add(t[i] - beat[i] * intervalMillis - phase);
          if (i > 0 && t[i - 1] >= fromMillis) {
            skipped += Math.max(0, beat[i] - beat[i - 1] - 1);
          }
        }
      }
    }
    long[] sorted = lags.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return new Lag(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1], skipped);
  }

  /** Lateness at the target, in milliseconds, over the requests of one window. */
  record Lag(long requests, long p50, long p99, long max, long skippedBeats) {}

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}

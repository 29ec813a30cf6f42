package io.statuslog.projector.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch of results into what the read model needs from it: deltas to add to the
 * minute, hour and day rollups, and the newest result per check and per check and region.
 * Pure; the database applies the deltas.
 */
public record ResultFold(
    Map<BucketKey, Rollup> minutes,
    Map<BucketKey, Rollup> hours,
    Map<BucketKey, Rollup> days,
    Map<String, Observation> latest,
    Map<RegionKey, Observation> latestPerRegion) {

  /** One check's time bucket (UTC minute, hour or day start, in epoch milliseconds). */
  public record BucketKey(String checkId, long startMs) {
    public BucketKey(String checkId, Instant start) {
      this(checkId, start.toEpochMilli());
    }

    public Instant start() {
      return Instant.ofEpochMilli(startMs);
    }
  }

  /** One check as probed from one region. */
  public record RegionKey(String checkId, String region) {}

  /**
   * Each result is folded once, into its check's current minute and into its check and region;
   * hours, days and the per-check latest are then derived from those far smaller maps. Replay
   * speed rests on this loop, so it allocates nothing per result: results of one check come in
   * time order, so the minute being filled rarely changes.
   */
  public static ResultFold of(List<Observation> results) {
    Map<String, CheckFold> checks = new HashMap<>();
    for (Observation result : results) {
      CheckFold check = checks.get(result.checkId());
      if (check == null) {
        check = new CheckFold();
        checks.put(result.checkId(), check);
      }
      check.add(result);
    }
    Map<BucketKey, Rollup.Builder> minutes = new HashMap<>();
    Map<BucketKey, Rollup.Builder> hours = new HashMap<>();
    Map<BucketKey, Rollup.Builder> days = new HashMap<>();
    Map<String, Observation> latest = new HashMap<>();
    Map<RegionKey, Observation> latestPerRegion = new HashMap<>();
    checks.forEach((checkId, check) -> {
      check.minutes.forEach((ms, rollup) -> {
        minutes.put(new BucketKey(checkId, ms), rollup);
        hours.computeIfAbsent(new BucketKey(checkId, ms - Math.floorMod(ms, HOUR_MS)), k -> new Rollup.Builder()).add(rollup);
        days.computeIfAbsent(new BucketKey(checkId, ms - Math.floorMod(ms, DAY_MS)), k -> new Rollup.Builder()).add(rollup);
      });
      check.latestPerRegion.forEach((region, result) -> {
        latestPerRegion.put(new RegionKey(checkId, region), result);
        latest.merge(checkId, result, ResultFold::newer);
      });
    });
    return new ResultFold(build(minutes), build(hours), build(days), Map.copyOf(latest), Map.copyOf(latestPerRegion));
  }

  /** One check's share of a batch. */
  private static final class CheckFold {
    private final Map<Long, Rollup.Builder> minutes = new HashMap<>();
    private final Map<String, Observation> latestPerRegion = new HashMap<>(8);
    private long currentMinute = Long.MIN_VALUE;
    private Rollup.Builder current;

    void add(Observation result) {
      long startedAtMs = result.startedAtMs();
      long minute = startedAtMs - Math.floorMod(startedAtMs, MINUTE_MS);
      if (current == null || minute != currentMinute) {
        current = minutes.computeIfAbsent(minute, k -> new Rollup.Builder());
        currentMinute = minute;
      }
      current.add(result.outcome(), result.durationMs());
      // A result that started later wins, whatever order the log holds them in (a spooled
      // result delivered late must not overwrite a fresher status).
      latestPerRegion.merge(result.region(), result, ResultFold::newer);
    }
  }

  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;
  private static final long DAY_MS = 86_400_000;

  private static Map<BucketKey, Rollup> build(Map<BucketKey, Rollup.Builder> builders) {
    Map<BucketKey, Rollup> rollups = new HashMap<>(builders.size() * 2);
    builders.forEach((key, builder) -> rollups.put(key, builder.build()));
    return rollups;
  }

  private static Observation newer(Observation current, Observation candidate) {
    return candidate.startedAtMs() < current.startedAtMs() ? current : candidate;
  }
}

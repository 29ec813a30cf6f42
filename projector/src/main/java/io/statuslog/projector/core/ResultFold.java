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

  /** Folds every result, keeping every minute. */
  public static ResultFold of(List<Observation> results) {
    return of(results, Instant.MIN);
  }

  /**
   * Each result is folded once: into its minute when that is not older than
   * {@code keepMinutesFrom}, otherwise straight into its hour (older minutes are not kept, and
   * a replay of old results then fills one bucket per hour instead of sixty). Hours, days and
   * the per-check latest are derived from those far smaller maps. Replay speed rests on this
   * loop, so it allocates nothing per result: results of one check come in time order, so the
   * bucket being filled rarely changes.
   */
  public static ResultFold of(List<Observation> results, Instant keepMinutesFrom) {
    long keepFromMs = keepMinutesFrom.equals(Instant.MIN) ? Long.MIN_VALUE : keepMinutesFrom.toEpochMilli();
    Map<String, CheckFold> checks = new HashMap<>();
    for (Observation result : results) {
      CheckFold check = checks.get(result.checkId());
      if (check == null) {
        check = new CheckFold(keepFromMs);
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
        check.hours.computeIfAbsent(ms - Math.floorMod(ms, HOUR_MS), k -> new Rollup.Builder()).add(rollup);
      });
      check.hours.forEach((ms, rollup) -> {
        hours.put(new BucketKey(checkId, ms), rollup);
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
    private final long keepMinutesFromMs;
    private final Map<Long, Rollup.Builder> minutes = new HashMap<>();
    /** Results of minutes not kept; the kept minutes join them once the batch is folded. */
    private final Map<Long, Rollup.Builder> hours = new HashMap<>();
    private final Map<String, Observation> latestPerRegion = new HashMap<>(8);
    private long currentMinute = Long.MIN_VALUE;
    private Rollup.Builder current;

    CheckFold(long keepMinutesFromMs) {
      this.keepMinutesFromMs = keepMinutesFromMs;
    }

    void add(Observation result) {
      long startedAtMs = result.startedAtMs();
      long minute = startedAtMs - Math.floorMod(startedAtMs, MINUTE_MS);
      if (current == null || minute != currentMinute) {
        current = minute >= keepMinutesFromMs
            ? minutes.computeIfAbsent(minute, k -> new Rollup.Builder())
            : hours.computeIfAbsent(minute - Math.floorMod(minute, HOUR_MS), k -> new Rollup.Builder());
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

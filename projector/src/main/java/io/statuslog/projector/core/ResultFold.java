package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckResult;
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
    Map<String, CheckResult> latest,
    Map<RegionKey, CheckResult> latestPerRegion) {

  /** One check's time bucket (UTC minute, hour or day start). */
  public record BucketKey(String checkId, Instant start) {}

  /** One check as probed from one region. */
  public record RegionKey(String checkId, String region) {}

  /**
   * Each result is folded once, into its minute and into its check-and-region; hours, days
   * and the per-check latest are then derived from those far smaller maps. Replay speed rests
   * on this loop.
   */
  public static ResultFold of(List<CheckResult> results) {
    Map<BucketKey, Rollup.Builder> minutes = new HashMap<>();
    Map<RegionKey, CheckResult> latestPerRegion = new HashMap<>();
    for (CheckResult result : results) {
      long startedAtMs = result.getStartedAt().toEpochMilli();
      BucketKey minute = new BucketKey(result.getCheckId(), Instant.ofEpochMilli(startedAtMs - Math.floorMod(startedAtMs, MINUTE_MS)));
      minutes.computeIfAbsent(minute, k -> new Rollup.Builder()).add(result.getOutcome(), result.getDurationMs());
      // A result that started later wins, whatever order the log holds them in (a spooled
      // result delivered late must not overwrite a fresher status).
      latestPerRegion.merge(new RegionKey(result.getCheckId(), result.getRegion()), result, ResultFold::newer);
    }
    Map<BucketKey, Rollup.Builder> hours = new HashMap<>();
    Map<BucketKey, Rollup.Builder> days = new HashMap<>();
    minutes.forEach((minute, rollup) -> {
      long ms = minute.start().toEpochMilli();
      hours.computeIfAbsent(new BucketKey(minute.checkId(), Instant.ofEpochMilli(ms - Math.floorMod(ms, HOUR_MS))), k -> new Rollup.Builder()).add(rollup);
      days.computeIfAbsent(new BucketKey(minute.checkId(), Instant.ofEpochMilli(ms - Math.floorMod(ms, DAY_MS))), k -> new Rollup.Builder()).add(rollup);
    });
    Map<String, CheckResult> latest = new HashMap<>();
    latestPerRegion.values().forEach(result -> latest.merge(result.getCheckId(), result, ResultFold::newer));
    return new ResultFold(build(minutes), build(hours), build(days), Map.copyOf(latest), Map.copyOf(latestPerRegion));
  }

  private static final long MINUTE_MS = 60_000;
  private static final long HOUR_MS = 3_600_000;
  private static final long DAY_MS = 86_400_000;

  private static Map<BucketKey, Rollup> build(Map<BucketKey, Rollup.Builder> builders) {
    Map<BucketKey, Rollup> rollups = new HashMap<>(builders.size() * 2);
    builders.forEach((key, builder) -> rollups.put(key, builder.build()));
    return rollups;
  }

  private static CheckResult newer(CheckResult current, CheckResult candidate) {
    return candidate.getStartedAt().isBefore(current.getStartedAt()) ? current : candidate;
  }
}

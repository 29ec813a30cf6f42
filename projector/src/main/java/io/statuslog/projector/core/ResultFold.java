package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  public static ResultFold of(List<CheckResult> results) {
    Map<BucketKey, Rollup.Builder> minutes = new HashMap<>();
    Map<BucketKey, Rollup.Builder> hours = new HashMap<>();
    Map<BucketKey, Rollup.Builder> days = new HashMap<>();
    Map<String, CheckResult> latest = new HashMap<>();
    Map<RegionKey, CheckResult> latestPerRegion = new HashMap<>();
    for (CheckResult result : results) {
      String checkId = result.getCheckId();
      Instant startedAt = result.getStartedAt();
      add(minutes, new BucketKey(checkId, startedAt.truncatedTo(ChronoUnit.MINUTES)), result);
      add(hours, new BucketKey(checkId, startedAt.truncatedTo(ChronoUnit.HOURS)), result);
      add(days, new BucketKey(checkId, startedAt.truncatedTo(ChronoUnit.DAYS)), result);
      // A result that started later wins, whatever order the log holds them in (a spooled
      // result delivered late must not overwrite a fresher status).
      latest.merge(checkId, result, ResultFold::newer);
      latestPerRegion.merge(new RegionKey(checkId, result.getRegion()), result, ResultFold::newer);
    }
    return new ResultFold(build(minutes), build(hours), build(days), Map.copyOf(latest), Map.copyOf(latestPerRegion));
  }

  private static void add(Map<BucketKey, Rollup.Builder> buckets, BucketKey key, CheckResult result) {
    buckets.computeIfAbsent(key, k -> new Rollup.Builder()).add(result.getOutcome(), result.getDurationMs());
  }

  private static Map<BucketKey, Rollup> build(Map<BucketKey, Rollup.Builder> builders) {
    Map<BucketKey, Rollup> rollups = new HashMap<>(builders.size() * 2);
    builders.forEach((key, builder) -> rollups.put(key, builder.build()));
    return rollups;
  }

  private static CheckResult newer(CheckResult current, CheckResult candidate) {
    return candidate.getStartedAt().isBefore(current.getStartedAt()) ? current : candidate;
  }
}

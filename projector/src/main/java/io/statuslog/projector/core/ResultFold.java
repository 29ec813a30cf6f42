package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch of results into what the read model needs from it: per-minute deltas to add to
 * the rollups, and the newest result per check. Pure; the database applies the deltas.
 */
public record ResultFold(Map<MinuteKey, MinuteRollup> minutes, Map<String, CheckResult> latest) {

  /** One check's bucket for one minute. */
  public record MinuteKey(String checkId, Instant minute) {}

  public static ResultFold of(List<CheckResult> results) {
    Map<MinuteKey, MinuteRollup> minutes = new HashMap<>();
    Map<String, CheckResult> latest = new HashMap<>();
    for (CheckResult result : results) {
      MinuteKey key = new MinuteKey(result.getCheckId(), result.getStartedAt().truncatedTo(ChronoUnit.MINUTES));
      minutes.merge(
          key,
          MinuteRollup.EMPTY.plus(result.getOutcome(), result.getDurationMs()),
          (a, b) -> a.plus(result.getOutcome(), result.getDurationMs()));
      // A result that started later wins, whatever order the log holds them in (a spooled
      // result delivered late must not overwrite a fresher status).
      latest.merge(
          result.getCheckId(),
          result,
          (current, candidate) -> candidate.getStartedAt().isBefore(current.getStartedAt()) ? current : candidate);
    }
    return new ResultFold(Map.copyOf(minutes), Map.copyOf(latest));
  }
}

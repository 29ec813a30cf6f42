package io.statuslog.projector.core;

import io.statuslog.schemas.events.Outcome;

/** Counts and latencies of one check's results within one minute. */
public record MinuteRollup(int up, int down, int degraded, long latencySumMs, long latencyMaxMs) {
  public static final MinuteRollup EMPTY = new MinuteRollup(0, 0, 0, 0, 0);

  public MinuteRollup plus(Outcome outcome, long durationMs) {
    return new MinuteRollup(
        up + (outcome == Outcome.UP ? 1 : 0),
        down + (outcome == Outcome.DOWN ? 1 : 0),
        degraded + (outcome == Outcome.DEGRADED ? 1 : 0),
        latencySumMs + durationMs,
        Math.max(latencyMaxMs, durationMs));
  }

  public int total() {
    return up + down + degraded;
  }
}

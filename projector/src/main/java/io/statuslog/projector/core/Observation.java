package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.time.Instant;

/**
 * One probe as the read model keeps it: a {@link CheckResult} without the ids and agent that
 * only matter on the way in. Replays decode millions of these, so it is all the projector reads.
 */
public record Observation(
    String checkId,
    String region,
    long startedAtMs,
    long durationMs,
    Outcome outcome,
    Integer httpStatus,
    ErrorKind errorKind,
    String errorMessage) {

  public static Observation of(CheckResult result) {
    return new Observation(
        result.getCheckId(),
        result.getRegion(),
        result.getStartedAt().toEpochMilli(),
        result.getDurationMs(),
        result.getOutcome(),
        result.getHttpStatus(),
        result.getErrorKind(),
        result.getErrorMessage());
  }

  public Instant startedAt() {
    return Instant.ofEpochMilli(startedAtMs);
  }
}

package io.statuslog.checker.core;

import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.time.Duration;
import java.util.Optional;

/** What one probe says about a check: its outcome and, when it failed, why. */
public record Verdict(Outcome outcome, Optional<ErrorKind> errorKind, Optional<String> errorMessage) {

  /** A probe that got an HTTP response. */
  public static Verdict ofResponse(CheckSpec check, int httpStatus, Duration elapsed) {
    if (httpStatus != check.expectedStatus()) {
      return new Verdict(
          Outcome.DOWN,
          Optional.of(ErrorKind.UNEXPECTED_STATUS),
          Optional.of("expected HTTP " + check.expectedStatus() + ", got " + httpStatus));
    }
    boolean slow = check.degradedAfter().map(limit -> elapsed.compareTo(limit) > 0).orElse(false);
    return slow
        ? new Verdict(
            Outcome.DEGRADED,
            Optional.empty(),
            Optional.of("slow: " + elapsed.toMillis() + " ms, degraded after " + check.degradedAfter().get().toMillis() + " ms"))
        : new Verdict(Outcome.UP, Optional.empty(), Optional.empty());
  }

  /** A probe that got no response at all. */
  public static Verdict ofFailure(ErrorKind kind, String message) {
    return new Verdict(Outcome.DOWN, Optional.of(kind), Optional.ofNullable(message));
  }
}

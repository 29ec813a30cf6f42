package io.statuslog.checker.core;

import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.time.Duration;
import io.statuslog.schemas.events.FailedCondition;
import java.util.List;
import java.util.Optional;

/** What one probe says about a check: its outcome and, when it failed, why. */
public record Verdict(Outcome outcome, Optional<ErrorKind> errorKind, Optional<String> errorMessage, List<FailedCondition> failedConditions) {
  /** Enough to say what went wrong; a target's error page is not the log's to keep. */
  static final int MAX_MESSAGE = 1_000;

  /**
   * Messages come from the network (exception texts, TLS alerts) and end up in PostgreSQL, which
   * refuses a NUL: control characters become spaces and the length is bounded here, where the
   * result is made, so the read model never has to refuse a probe.
   */
  public Verdict {
    errorMessage = errorMessage.map(Verdict::printable);
    failedConditions = List.copyOf(failedConditions);
  }

  public Verdict(Outcome outcome, Optional<ErrorKind> errorKind, Optional<String> errorMessage) {
    this(outcome, errorKind, errorMessage, List.of());
  }

  /** What a probe of the check says: its failure when it could not complete, else its response judged. */
  public static Verdict of(CheckSpec check, ProbeOutcome probe) {
    if (probe.failure().isPresent()) {
      return ofFailure(probe.failure().get().kind(), probe.failure().get().message());
    }
    if (check.target() instanceof Target.Http http) {
      return ofResponse(http, probe.facts().status().orElse(0), probe.facts().responseTime());
    }
    return new Verdict(Outcome.UP, Optional.empty(), Optional.empty());
  }

  static String printable(String message) {
    StringBuilder clean = new StringBuilder(Math.min(message.length(), MAX_MESSAGE));
    message.codePoints().limit(MAX_MESSAGE).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return clean.toString();
  }

  /** A probe that got an HTTP response. */
  public static Verdict ofResponse(Target.Http http, int httpStatus, Duration elapsed) {
    if (httpStatus != http.expectedStatus()) {
      return new Verdict(
          Outcome.DOWN,
          Optional.of(ErrorKind.UNEXPECTED_STATUS),
          Optional.of("expected HTTP " + http.expectedStatus() + ", got " + httpStatus));
    }
    boolean slow = http.degradedAfter().map(limit -> elapsed.compareTo(limit) > 0).orElse(false);
    return slow
        ? new Verdict(
            Outcome.DEGRADED,
            Optional.empty(),
            Optional.of("slow: " + elapsed.toMillis() + " ms, degraded after " + http.degradedAfter().get().toMillis() + " ms"))
        : new Verdict(Outcome.UP, Optional.empty(), Optional.empty());
  }

  /** A probe that got no response at all. */
  public static Verdict ofFailure(ErrorKind kind, String message) {
    return new Verdict(Outcome.DOWN, Optional.of(kind), Optional.ofNullable(message));
  }
}

package io.statuslog.checker.core;

import io.statuslog.checker.core.condition.ConditionResult;
import io.statuslog.checker.core.condition.Conditions;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one probe says about a check: its outcome, every condition it failed with the values
 * they resolved to, and when it failed, why in one line. A probe is DOWN when it failed any of
 * the conditions a check must meet to be UP (its type's own, such as the expected HTTP status,
 * and its configured ones), DEGRADED when it met them all but failed a degraded condition, and
 * UP otherwise. Pure.
 */
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

  /** A check's conditions, parsed once when it is scheduled rather than at every probe. */
  public record Rules(Conditions up, Conditions degraded) {
    public static Rules of(CheckSpec check) {
      return new Rules(Conditions.parse(check.upConditions()), Conditions.parse(check.allDegradedConditions()));
    }

    /** Whether any condition reads the body: a prober may skip reading one nobody looks at. */
    public boolean readsBody() {
      return up.readsBody() || degraded.readsBody();
    }
  }

  public static Verdict of(Rules rules, ProbeOutcome probe) {
    List<ConditionResult> upFailed = failed(rules.up().evaluate(probe.facts()));
    List<ConditionResult> degradedFailed = failed(rules.degraded().evaluate(probe.facts()));
    List<FailedCondition> failedConditions = new ArrayList<>();
    upFailed.forEach(result -> failedConditions.add(new FailedCondition(result.condition(), result.resolved(), false)));
    degradedFailed.forEach(result -> failedConditions.add(new FailedCondition(result.condition(), result.resolved(), true)));
    if (probe.failure().isPresent()) {
      ProbeOutcome.Failure failure = probe.failure().get();
      return new Verdict(Outcome.DOWN, Optional.of(failure.kind()), Optional.of(failure.message()), failedConditions);
    }
    if (!upFailed.isEmpty()) {
      ErrorKind kind = upFailed.stream().anyMatch(result -> result.condition().contains("[STATUS]")) ? ErrorKind.UNEXPECTED_STATUS : ErrorKind.OTHER;
      return new Verdict(Outcome.DOWN, Optional.of(kind), Optional.of(resolved(upFailed)), failedConditions);
    }
    if (!degradedFailed.isEmpty()) {
      return new Verdict(Outcome.DEGRADED, Optional.empty(), Optional.of(resolved(degradedFailed)), failedConditions);
    }
    return new Verdict(Outcome.UP, Optional.empty(), Optional.empty(), List.of());
  }

  private static List<ConditionResult> failed(List<ConditionResult> results) {
    return results.stream().filter(result -> !result.success()).toList();
  }

  /** What the page shows: every failed condition with the values it saw, e.g. {@code [STATUS] (503) == 200}. */
  private static String resolved(List<ConditionResult> failed) {
    return String.join("; ", failed.stream().map(ConditionResult::resolved).toList());
  }

  static String printable(String message) {
    StringBuilder clean = new StringBuilder(Math.min(message.length(), MAX_MESSAGE));
    message.codePoints().limit(MAX_MESSAGE).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return clean.toString();
  }
}

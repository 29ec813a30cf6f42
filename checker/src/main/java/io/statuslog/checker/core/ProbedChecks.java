package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a region probes, from the definitions a checker or an agent was given. A
 * definition this code cannot probe (a condition it cannot read, a newer check type) is
 * skipped, not fatal, and reported once per version of it, not on every change of the set.
 */
public final class ProbedChecks {
  /** A definition left out, and why. */
  public record Skipped(String checkId, String reason) {}

  /** The checks to probe, and the definitions skipped that were not reported before. */
  public record Selection(List<CheckSpec> checks, List<Skipped> newlySkipped) {}

  private final Set<String> reported = new HashSet<>();

  public synchronized Selection select(Collection<CheckDefinition> definitions, String region) {
    List<CheckSpec> checks = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (CheckDefinition definition : definitions) {
      try {
        CheckSpec check = CheckSpec.fromDefinition(definition);
        Verdict.Rules.of(check); // a condition this code cannot read refuses the check here, once
        if (check.probedFrom(region)) {
          checks.add(check);
        }
      } catch (RuntimeException e) {
        if (reported.add(definition.getCheckId() + "@" + definition.hashCode())) {
          skipped.add(new Skipped(definition.getCheckId(), e.getMessage()));
        }
      }
    }
    return new Selection(List.copyOf(checks), List.copyOf(skipped));
  }
}

package io.statuslog.checker.core.condition;

import io.statuslog.checker.core.ProbeFacts;
import java.util.List;

/**
 * A check's conditions, evaluated together against each probe: the body is parsed as JSON at
 * most once per probe, however many conditions read into it.
 */
public record Conditions(List<Condition> all) {
  public Conditions {
    all = List.copyOf(all);
  }

  /** @throws ConditionSyntaxException for the first condition that cannot be read */
  public static Conditions parse(List<String> texts) {
    return new Conditions(texts.stream().map(Condition::parse).toList());
  }

  /** One result per condition, in order. */
  public List<ConditionResult> evaluate(ProbeFacts facts) {
    return evaluate(new ProbeValues(facts));
  }

  List<ConditionResult> evaluate(ProbeValues probe) {
    return all.stream().map(condition -> condition.evaluate(probe)).toList();
  }

  public boolean readsBody() {
    return all.stream().anyMatch(Condition::readsBody);
  }
}

package io.statuslog.checker.core.condition;

/**
 * A condition that cannot be read. Thrown when a checks file is loaded, never while probing, so a
 * typo is refused before it can turn a check red (Gatus would compare {@code [STAUTS]} as text and
 * fail forever). The message names the condition, what is wrong and where:
 * {@code [STATUS] === 200: unknown operator === at position 9}; the caller adds the check.
 */
public final class ConditionSyntaxException extends IllegalArgumentException {
  private final String condition;
  private final int position;
  private final String problem;

  /** @param hint how to fix it, or empty; shown after the position */
  ConditionSyntaxException(String condition, int position, String what, String hint) {
    super(condition + ": " + problem(what, position, hint));
    this.condition = condition;
    this.position = position;
    this.problem = problem(what, position, hint);
  }

  private static String problem(String what, int position, String hint) {
    return what + " at position " + position + (hint.isEmpty() ? "" : "; " + hint);
  }

  public String condition() {
    return condition;
  }

  /** Zero-based index of the character in the condition where the problem is. */
  public int position() {
    return position;
  }

  /** What is wrong, with its position, without the condition. */
  public String problem() {
    return problem;
  }
}

package io.statuslog.checker.core.condition;

import io.statuslog.checker.core.ProbeFacts;
import java.util.Optional;

/**
 * One condition a probe must meet, in Gatus's syntax: {@code [STATUS] == 200},
 * {@code [BODY].data[0].id == 1}, {@code len([BODY].items) > 0}, {@code [IP] == pat(10.*)}.
 * Parsed once, when the checks file is read; evaluating it touches only the probe's facts.
 */
public final class Condition {
  /** Gatus cuts a value compared with a pattern this short (condition.go:20, 261-266). */
  static final int SHOWN_AGAINST_PATTERN = 25;

  /** Any other value is cut here, so a large body cannot make the resolved text large. */
  static final int SHOWN = 200;

  private final String text;
  private final Operand left;
  private final Operator operator;
  private final Operand right;

  Condition(String text, Operand left, Operator operator, Operand right) {
    this.text = text;
    this.left = left;
    this.operator = operator;
    this.right = right;
  }

  /**
   * @throws ConditionSyntaxException naming the position and what is wrong there
   */
  public static Condition parse(String text) {
    return ConditionParser.parse(text);
  }

  public String text() {
    return text;
  }

  /** Whether evaluating needs the body, so a prober can skip reading it (Gatus's {@code hasBodyPlaceholder}). */
  public boolean readsBody() {
    return readsBody(left) || readsBody(right);
  }

  private static boolean readsBody(Operand operand) {
    return switch (operand) {
      case Operand.Read read -> read.placeholder() == Placeholder.BODY;
      case Operand.Length length -> length.of().placeholder() == Placeholder.BODY;
      case Operand.Has has -> has.of().placeholder() == Placeholder.BODY;
      case Operand.Literal literal -> false;
      case Operand.Matcher matcher -> false;
    };
  }

  /** Evaluates this condition alone; for a check's list, {@link Conditions#evaluate} shares the parsed body. */
  public ConditionResult evaluate(ProbeFacts facts) {
    return evaluate(new ProbeValues(facts));
  }

  ConditionResult evaluate(ProbeValues probe) {
    if (!operator.comparesEquality()) {
      return compareNumbers((Operand.Value) left, (Operand.Value) right, probe);
    }
    if (left instanceof Operand.Matcher matcher) {
      return match(matcher, (Operand.Value) right, probe);
    }
    if (right instanceof Operand.Matcher matcher) {
      return match(matcher, (Operand.Value) left, probe);
    }
    Operand.Value first = (Operand.Value) left;
    Operand.Value second = (Operand.Value) right;
    Optional<String> a = probe.resolve(first);
    Optional<String> b = probe.resolve(second);
    // A value that is not there makes the condition fail whatever the operator: Gatus would
    // compare its "(INVALID)" text, so that [BODY].status != DOWN held when status was missing.
    boolean success = a.isPresent() && b.isPresent() && GoNumbers.sameValue(a.get(), b.get()) == (operator == Operator.EQUAL);
    return result(success, shown(first, a, SHOWN), shown(second, b, SHOWN));
  }

  /** pat() or any() on either side tests the other side's value (condition.go:117-161). */
  private ConditionResult match(Operand.Matcher matcher, Operand.Value value, ProbeValues probe) {
    Optional<String> resolved = probe.resolve(value);
    boolean success = resolved.isPresent() && matcher.matches(resolved.get()) == (operator == Operator.EQUAL);
    String valueShown = shown(value, resolved, matcher instanceof Operand.Pattern ? SHOWN_AGAINST_PATTERN : SHOWN);
    return left == matcher ? result(success, matcher.text(), valueShown) : result(success, valueShown, matcher.text());
  }

  private ConditionResult compareNumbers(Operand.Value first, Operand.Value second, ProbeValues probe) {
    Optional<String> a = probe.resolve(first);
    Optional<String> b = probe.resolve(second);
    if (a.isEmpty() || b.isEmpty()) {
      // Gatus reads a missing value as 0, so [BODY].errors < 1 held when errors was missing.
      return result(false, shownNumber(first, a), shownNumber(second, b));
    }
    boolean success = operator.holds(GoNumbers.orderingValue(a.get()), GoNumbers.orderingValue(b.get()));
    return result(success, shownNumber(first, a), shownNumber(second, b));
  }

  private ConditionResult result(boolean success, String leftShown, String rightShown) {
    // Values are already on one line; this keeps a condition written over two lines from breaking it.
    return new ConditionResult(text, success, oneLine(leftShown + " " + operator.symbol + " " + rightShown, Integer.MAX_VALUE));
  }

  /** Gatus's {@code prettify} (condition.go:259-291): text, then the value in parentheses if it differs. */
  private static String shown(Operand operand, Optional<String> resolved, int limit) {
    if (resolved.isEmpty()) {
      return operand.text() + " (INVALID)";
    }
    if (resolved.get().equals(operand.text())) {
      return operand.text();
    }
    String value = oneLine(resolved.get(), limit);
    return value.equals(operand.text()) ? operand.text() : operand.text() + " (" + value + ")";
  }

  /**
   * A compared number as Gatus shows it (condition.go:217-236): the certificate's time left and
   * duration literals as durations ({@code 30h}, {@code 48h}), anything else as the integer
   * compared, so that text that is no number shows as the 0 it counted as.
   */
  private static String shownNumber(Operand.Value operand, Optional<String> resolved) {
    if (resolved.isEmpty()) {
      return shown(operand, resolved, SHOWN);
    }
    long number = GoNumbers.orderingValue(resolved.get());
    boolean duration = switch (operand) {
      case Operand.Read read -> read.placeholder() == Placeholder.CERTIFICATE_EXPIRATION;
      case Operand.Literal literal -> GoNumbers.isDurationWithUnit(literal.text());
      case Operand.Length length -> false;
      case Operand.Has has -> false;
    };
    return shown(operand, Optional.of(duration ? GoNumbers.formatDuration(number) : Long.toString(number)), SHOWN);
  }

  /** Control characters (a body's newlines) become spaces; past {@code limit} characters, "...(truncated)" as in Gatus. */
  static String oneLine(String value, int limit) {
    StringBuilder line = new StringBuilder(Math.min(value.length(), limit) + 16);
    int count = 0;
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (count++ == limit) {
        return line.append("...(truncated)").toString();
      }
      line.appendCodePoint(Character.isISOControl(c) ? ' ' : c);
      i += Character.charCount(c);
    }
    return line.toString();
  }

  Operand left() {
    return left;
  }

  Operator operator() {
    return operator;
  }

  Operand right() {
    return right;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Condition condition && condition.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}

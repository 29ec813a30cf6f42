package io.statuslog.checker.core.condition;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a condition the way Gatus splits it (condition.go:47-86): the first of ==, !=, <=, >=,
 * >, < that stands between spaces divides the text into two values, each trimmed; a value is a
 * placeholder, a function of one, or plain text compared as written. Where Gatus would silently
 * compare something it surely did not mean (an unknown placeholder as text, a pattern with no
 * closing parenthesis, whatever follows a second ==), this refuses the condition instead and
 * says where.
 */
final class ConditionParser {
  private static final List<String> FUNCTIONS = List.of("len", "has", "pat", "any");
  private static final String OPERATOR_CHARACTERS = "=!<>?~";
  private static final String OPERATORS_HINT = "use ==, !=, <, <=, > or >=";

  private final String text;

  private ConditionParser(String text) {
    this.text = text;
  }

  static Condition parse(String text) {
    return new ConditionParser(text == null ? "" : text).condition();
  }

  /** An operand and where its text starts in the condition, for errors about it. */
  private record Placed(Operand operand, int at) {}

  private Condition condition() {
    if (text.isBlank()) {
      throw error(0, "empty condition", "write one such as [STATUS] == 200");
    }
    Operator operator = null;
    int at = -1;
    for (Operator candidate : Operator.values()) {
      at = find(candidate.symbol, 0);
      if (at >= 0) {
        operator = candidate;
        break;
      }
    }
    if (operator == null) {
      throw missingOperator();
    }
    int end = at + operator.symbol.length();
    int second = find(operator.symbol, end);
    if (second >= 0) {
      throw error(second, "a second " + operator.symbol,
          "a condition compares two values (Gatus would drop everything from here on)");
    }
    Placed left = operand(0, at, operator, "before");
    Placed right = operand(end, text.length(), operator, "after");
    for (Placed side : List.of(left, right)) {
      if (side.operand() instanceof Operand.Matcher && !operator.comparesEquality()) {
        throw error(side.at(), functionName(side.operand()) + "() works only with == and !=",
            operator.symbol + " compares numbers");
      }
    }
    if (left.operand() instanceof Operand.Matcher && right.operand() instanceof Operand.Matcher) {
      throw error(right.at(), "pat() and any() test a value, and there is none on either side",
          "compare a placeholder such as [BODY].name with one of them");
    }
    return new Condition(text, left.operand(), operator, right.operand());
  }

  /** The first {@code symbol} from {@code from} that stands alone between whitespace or the ends. */
  private int find(String symbol, int from) {
    for (int i = text.indexOf(symbol, from); i >= 0; i = text.indexOf(symbol, i + 1)) {
      int end = i + symbol.length();
      if ((i == 0 || isSpace(text.charAt(i - 1))) && (end == text.length() || isSpace(text.charAt(end)))) {
        return i;
      }
    }
    return -1;
  }

  /** No known operator between spaces: say which characters look like the one meant. */
  private ConditionSyntaxException missingOperator() {
    int[] unspaced = null;
    for (int i = 0; i < text.length(); i++) {
      if (OPERATOR_CHARACTERS.indexOf(text.charAt(i)) < 0) {
        continue;
      }
      int end = i;
      while (end < text.length() && OPERATOR_CHARACTERS.indexOf(text.charAt(end)) >= 0) {
        end++;
      }
      boolean spaced = (i == 0 || isSpace(text.charAt(i - 1))) && (end == text.length() || isSpace(text.charAt(end)));
      if (spaced) {
        return error(i, "unknown operator " + text.substring(i, end), OPERATORS_HINT);
      }
      if (unspaced == null) {
        unspaced = new int[] {i, end};
      }
      i = end;
    }
    if (unspaced != null) {
      String run = text.substring(unspaced[0], unspaced[1]);
      boolean known = Arrays.stream(Operator.values()).anyMatch(o -> o.symbol.equals(run));
      return known
          ? error(unspaced[0], "operator " + run + " needs a space on each side")
          : error(unspaced[0], "unknown operator " + run, OPERATORS_HINT);
    }
    int gap = firstGap();
    return error(gap, "missing operator", OPERATORS_HINT);
  }

  /** Where an operator would go: after the first word, or at the end. */
  private int firstGap() {
    int i = 0;
    while (i < text.length() && isSpace(text.charAt(i))) {
      i++;
    }
    while (i < text.length() && !isSpace(text.charAt(i))) {
      i++;
    }
    int word = i;
    while (i < text.length() && isSpace(text.charAt(i))) {
      i++;
    }
    return i < text.length() ? i : word;
  }

  private Placed operand(int from, int to, Operator operator, String side) {
    int start = from;
    int end = to;
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      throw error(side.equals("before") ? to : from, "missing value " + side + " " + operator.symbol);
    }
    String written = text.substring(start, end);
    String lower = written.toLowerCase(Locale.ROOT);
    for (String function : FUNCTIONS) {
      if (lower.startsWith(function + "(")) {
        return new Placed(function(function, written, start), start);
      }
    }
    return new Placed(placeholderOrLiteral(written, start), start);
  }

  private Operand function(String name, String written, int at) {
    if (!written.endsWith(")")) {
      throw error(at, written.substring(0, name.length() + 1) + " without closing parenthesis");
    }
    String argument = written.substring(name.length() + 1, written.length() - 1);
    int argumentAt = at + name.length() + 1;
    return switch (name) {
      case "len", "has" -> {
        String inner = argument.strip(); // Gatus would not trim, and find no placeholder in len( [BODY] )
        int innerAt = argumentAt + (inner.isEmpty() ? 0 : argument.indexOf(inner));
        Operand of = inner.isEmpty() ? null : placeholderOrLiteral(inner, innerAt);
        if (!(of instanceof Operand.Read read)) {
          throw error(innerAt, name + "() takes a placeholder", "e.g. " + name + "([BODY].data)");
        }
        yield name.equals("len") ? new Operand.Length(written, read) : new Operand.Has(written, read);
      }
      case "pat" -> {
        try {
          yield new Operand.Pattern(written, Glob.compile(argument));
        } catch (Glob.BadPattern bad) {
          throw error(argumentAt + bad.index, "bad pattern: " + bad.getMessage(),
              "* matches any text, ? one character, [a-z] one of a class, \\ escapes");
        }
      }
      case "any" -> new Operand.AnyOf(written, Arrays.stream(argument.split(",", -1)).map(String::strip).toList());
      default -> throw new IllegalStateException("no function " + name);
    };
  }

  /**
   * {@code [NAME]} with a known name, in any case, is a placeholder; only {@code [BODY]} takes a
   * path after it. An unknown {@code [UPPER_CASE]} name is refused as a likely typo; other text in
   * brackets ({@code [1 2 3]}, {@code [ok]}) is a literal, as Gatus's {@code %v} of an array looks.
   */
  private Operand placeholderOrLiteral(String written, int at) {
    int close = written.indexOf(']');
    if (!written.startsWith("[") || close < 2) {
      return new Operand.Literal(written);
    }
    String name = written.substring(1, close);
    if (!name.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')) {
      return new Operand.Literal(written);
    }
    Optional<Placeholder> known = Placeholder.named(name);
    if (known.isEmpty()) {
      if (!name.equals(name.toUpperCase(Locale.ROOT))) {
        return new Operand.Literal(written);
      }
      if (name.equals("DOMAIN_EXPIRATION") || name.equals("CONTEXT")) {
        throw error(at, "[" + name + "] is a Gatus placeholder that Statuslog does not provide", knownPlaceholders());
      }
      throw error(at, "unknown placeholder [" + name + "]", suggestion(name));
    }
    Placeholder placeholder = known.get();
    String rest = written.substring(close + 1);
    if (rest.isEmpty()) {
      return new Operand.Read(written, placeholder, JsonPath.WHOLE);
    }
    if (placeholder != Placeholder.BODY) {
      throw error(at + close + 1, "unexpected '" + rest + "' after " + placeholder.written(),
          "only [BODY] takes a JSON path");
    }
    try {
      return new Operand.Read(written, placeholder, JsonPath.parse(rest));
    } catch (JsonPath.BadPath bad) {
      throw error(at + close + 1 + bad.index, bad.getMessage(), "e.g. [BODY].data[0].id");
    }
  }

  private static String suggestion(String name) {
    Placeholder closest = null;
    int best = Integer.MAX_VALUE;
    for (Placeholder placeholder : Placeholder.values()) {
      int distance = editDistance(name, placeholder.name());
      if (distance < best) {
        best = distance;
        closest = placeholder;
      }
    }
    return best <= Math.max(2, name.length() / 3) ? "did you mean " + closest.written() + "?" : knownPlaceholders();
  }

  private static String knownPlaceholders() {
    return "known placeholders are " + String.join(", ", Arrays.stream(Placeholder.values()).map(Placeholder::written).toList());
  }

  /** Levenshtein distance, for "did you mean": names are short, so the quadratic table is fine. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String functionName(Operand matcher) {
    return matcher instanceof Operand.Pattern ? "pat" : "any";
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c);
  }

  private ConditionSyntaxException error(int position, String what) {
    return new ConditionSyntaxException(text, position, what, "");
  }

  private ConditionSyntaxException error(int position, String what, String hint) {
    return new ConditionSyntaxException(text, position, what, hint);
  }
}

package io.statuslog.checker.core.condition;

import java.util.List;

/**
 * One side of a condition, as parsed once when the checks file is read. Each keeps its text as
 * written, which the resolved text shows with its value in parentheses, as Gatus does.
 */
sealed interface Operand {
  String text();

  /** An operand that has a value for a probe: text, compared as an integer where both sides are one. */
  sealed interface Value extends Operand {}

  /** An operand that tests a value instead of having one; only {@code ==} and {@code !=} take it. */
  sealed interface Matcher extends Operand {
    boolean matches(String value);
  }

  /** Text compared as written: {@code 200}, {@code UP}, {@code 48h}, {@code true}. */
  record Literal(String text) implements Value {}

  /**
   * A placeholder: {@code [STATUS]}, or {@code [BODY]} with an optional JSON path.
   *
   * @param path {@link JsonPath#WHOLE} except for {@code [BODY].…} and {@code [BODY][…]}
   */
  record Read(String text, Placeholder placeholder, JsonPath path) implements Value {
    boolean readsJson() {
      return placeholder == Placeholder.BODY && !path.isWhole();
    }
  }

  /** {@code len(placeholder)}. */
  record Length(String text, Read of) implements Value {}

  /** {@code has(placeholder)}: true or false. */
  record Has(String text, Read of) implements Value {}

  /** {@code pat(pattern)}: compiled when parsed, since the pattern is always written out. */
  record Pattern(String text, Glob glob) implements Matcher {
    @Override
    public boolean matches(String value) {
      return glob.matches(value);
    }
  }

  /** {@code any(a, b, c)}: equal as text to one of the options, each trimmed (condition.go:144-160). */
  record AnyOf(String text, List<String> options) implements Matcher {
    public AnyOf {
      options = List.copyOf(options);
    }

    @Override
    public boolean matches(String value) {
      return options.contains(value);
    }
  }
}

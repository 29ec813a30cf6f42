package io.statuslog.checker.core.condition;

/**
 * The six comparisons, in the order Gatus looks for them (condition.go:47-82). The order decides
 * how a condition splits when its value contains another operator: {@code [BODY] == a < b}
 * compares the body with the text "a < b".
 */
enum Operator {
  EQUAL("=="),
  NOT_EQUAL("!="),
  AT_MOST("<="),
  AT_LEAST(">="),
  GREATER(">"),
  LESS("<");

  final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /** == and != compare text (or integers); the others compare numbers (condition.go:194-215). */
  boolean comparesEquality() {
    return this == EQUAL || this == NOT_EQUAL;
  }

  /** Whether {@code left OP right} holds for two numbers. */
  boolean holds(long left, long right) {
    return switch (this) {
      case EQUAL -> left == right;
      case NOT_EQUAL -> left != right;
      case AT_MOST -> left <= right;
      case AT_LEAST -> left >= right;
      case GREATER -> left > right;
      case LESS -> left < right;
    };
  }
}

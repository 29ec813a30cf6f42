package io.statuslog.checker.core.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a condition is refused when the checks file is read, each with the position it names. */
class ConditionSyntaxTest {
  private static final String OPERATORS = "use ==, !=, <, <=, > or >=";
  private static final String KNOWN =
      "known placeholders are [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE], [IP]";

  static Stream<Arguments> refused() {
    return Stream.of(
        // the condition as a whole
        arguments("", 0, "empty condition at position 0; write one such as [STATUS] == 200"),
        arguments("   ", 0, "empty condition at position 0; write one such as [STATUS] == 200"),
        // operators
        arguments("[STATUS] === 200", 9, "unknown operator === at position 9; " + OPERATORS),
        arguments("[STATUS] = 200", 9, "unknown operator = at position 9; " + OPERATORS),
        arguments("[STATUS] =< 200", 9, "unknown operator =< at position 9; " + OPERATORS),
        arguments("[STATUS] ? 201", 9, "unknown operator ? at position 9; " + OPERATORS),
        arguments("[STATUS]===200", 8, "unknown operator === at position 8; " + OPERATORS),
        arguments("[STATUS]==200", 8, "operator == needs a space on each side at position 8"),
        arguments("[STATUS] ==200", 9, "operator == needs a space on each side at position 9"),
        arguments("[STATUS]<300", 8, "operator < needs a space on each side at position 8"),
        arguments("[STATUS] 200", 9, "missing operator at position 9; " + OPERATORS),
        arguments("[STATUS]", 8, "missing operator at position 8; " + OPERATORS),
        arguments("== 200", 0, "missing value before == at position 0"),
        arguments("[STATUS] ==", 11, "missing value after == at position 11"),
        arguments("[STATUS] ==   ", 11, "missing value after == at position 11"),
        arguments("[STATUS] == 200 == 300", 16,
            "a second == at position 16; a condition compares two values (Gatus would drop everything from here on)"),
        arguments("[BODY] == pat(*a == b*)", 17,
            "a second == at position 17; a condition compares two values (Gatus would drop everything from here on)"),
        // placeholders
        arguments("[STAUTS] == 200", 0, "unknown placeholder [STAUTS] at position 0; did you mean [STATUS]?"),
        arguments("[RESPONSETIME] < 500", 0, "unknown placeholder [RESPONSETIME] at position 0; did you mean [RESPONSE_TIME]?"),
        arguments("200 == [STATU]", 7, "unknown placeholder [STATU] at position 7; did you mean [STATUS]?"),
        arguments("[FOO] == 1", 0, "unknown placeholder [FOO] at position 0; " + KNOWN),
        arguments("[DOMAIN_EXPIRATION] > 720h", 0,
            "[DOMAIN_EXPIRATION] is a Gatus placeholder that Statuslog does not provide at position 0; " + KNOWN),
        arguments("[STATUS] == [CONTEXT].expected_status", 12,
            "[CONTEXT] is a Gatus placeholder that Statuslog does not provide at position 12; " + KNOWN),
        arguments("[STATUS].code == 200", 8, "unexpected '.code' after [STATUS] at position 8; only [BODY] takes a JSON path"),
        arguments("[RESPONSE_TIME] > 1s == true", 15,
            "unexpected ' > 1s' after [RESPONSE_TIME] at position 15; only [BODY] takes a JSON path"),
        // JSON paths
        arguments("[BODY]x == 1", 6, "unexpected 'x' in JSON path, expected . or [ at position 6; e.g. [BODY].data[0].id"),
        arguments("[BODY] > 5 == true", 6, "unexpected ' ' in JSON path, expected . or [ at position 6; e.g. [BODY].data[0].id"),
        arguments("[BODY]. == 1", 7, "empty key in JSON path at position 7; e.g. [BODY].data[0].id"),
        arguments("[BODY].data. == 1", 12, "empty key in JSON path at position 12; e.g. [BODY].data[0].id"),
        arguments("[BODY]..data == 1", 7, "empty key in JSON path at position 7; e.g. [BODY].data[0].id"),
        arguments("[BODY].data[0 == 1", 11, "[ without closing ] at position 11; e.g. [BODY].data[0].id"),
        arguments("[BODY].data[x] == 1", 12,
            "array index must be a whole number from 0, got [x] at position 12; e.g. [BODY].data[0].id"),
        arguments("[BODY].data[-1] == 1", 12,
            "array index must be a whole number from 0, got [-1] at position 12; e.g. [BODY].data[0].id"),
        arguments("[BODY].data[] == 1", 12,
            "array index must be a whole number from 0, got [] at position 12; e.g. [BODY].data[0].id"),
        arguments("[BODY].data[0]x == 1", 14, "unexpected 'x' in JSON path, expected . or [ at position 14; e.g. [BODY].data[0].id"),
        arguments("[BODY].data] == 1", 11, "unexpected ']' in JSON path, expected . or [ at position 11; e.g. [BODY].data[0].id"),
        // functions
        arguments("[STATUS] == pat(4*", 12, "pat( without closing parenthesis at position 12"),
        arguments("[STATUS] == any(200, 201", 12, "any( without closing parenthesis at position 12"),
        arguments("len([BODY].data == 3", 0, "len( without closing parenthesis at position 0"),
        arguments("has([BODY].errors == false", 0, "has( without closing parenthesis at position 0"),
        arguments("has() == false", 4, "has() takes a placeholder at position 4; e.g. has([BODY].data)"),
        arguments("len(abc) == 3", 4, "len() takes a placeholder at position 4; e.g. len([BODY].data)"),
        arguments("len(  abc ) == 3", 6, "len() takes a placeholder at position 6; e.g. len([BODY].data)"),
        arguments("len(len([BODY])) == 3", 4, "len() takes a placeholder at position 4; e.g. len([BODY].data)"),
        arguments("len([STAUTS]) == 3", 4, "unknown placeholder [STAUTS] at position 4; did you mean [STATUS]?"),
        arguments("[STATUS] < pat(4*)", 11, "pat() works only with == and != at position 11; < compares numbers"),
        arguments("any(1, 2) >= [STATUS]", 0, "any() works only with == and != at position 0; >= compares numbers"),
        arguments("pat(a*) == any(a)", 11,
            "pat() and any() test a value, and there is none on either side at position 11; "
                + "compare a placeholder such as [BODY].name with one of them"),
        // patterns: Go's filepath.Match syntax, where Gatus would never match
        arguments("[BODY] == pat([a-)", 14,
            "bad pattern: [ without closing ] at position 14; * matches any text, ? one character, [a-z] one of a class, \\ escapes"),
        arguments("[BODY] == pat(ab\\)", 16,
            "bad pattern: \\ at the end escapes nothing at position 16; * matches any text, ? one character, [a-z] one of a class, \\ escapes"),
        arguments("[BODY] == pat(x[]a])", 16,
            "bad pattern: write \\] for a ] inside [ ] at position 16; * matches any text, ? one character, [a-z] one of a class, \\ escapes"),
        arguments("[BODY] == pat(x[-a])", 16,
            "bad pattern: write \\- for a - inside [ ] at position 16; * matches any text, ? one character, [a-z] one of a class, \\ escapes"),
        // the position is in the pattern as written, although Gatus deletes its slashes before matching
        arguments("[BODY] == pat(/a/[)", 17,
            "bad pattern: [ without closing ] at position 17; * matches any text, ? one character, [a-z] one of a class, \\ escapes"));
  }

  @ParameterizedTest(name = "\"{0}\": {2}")
  @MethodSource("refused")
  void refusesWithThePosition(String condition, int position, String problem) {
    ConditionSyntaxException refusal = catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse(condition));

    assertThat(refusal).as("refused").isNotNull();
    assertThat(refusal.getMessage()).isEqualTo(condition + ": " + problem);
    assertThat(refusal.condition()).isEqualTo(condition);
    assertThat(refusal.position()).isEqualTo(position);
    assertThat(refusal.problem()).isEqualTo(problem);
  }

  @Test
  void theBriefsExamplesReadAsPromised() {
    assertThat(catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse("[STATUS] === 200")).getMessage())
        .startsWith("[STATUS] === 200: unknown operator === at position 9");
    assertThat(catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse("[STAUTS] == 200")).problem())
        .startsWith("unknown placeholder [STAUTS] at position 0");
    assertThat(catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse("[STATUS] == pat(4*")).problem())
        .isEqualTo("pat( without closing parenthesis at position 12");
  }

  @Test
  void aNullConditionIsAnEmptyOne() {
    assertThat(catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse(null)).problem())
        .startsWith("empty condition at position 0");
  }

  @Test
  void aRefusalIsAnIllegalArgumentLikeEveryOtherBadValueInAChecksFile() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> Condition.parse("[STATUS]"))).isNotNull();
  }

  /** Text in brackets that is no placeholder name in capitals stays text, as arrays print that way ([1 2 3]). */
  @ParameterizedTest
  @MethodSource("bracketedLiterals")
  void bracketedTextThatIsNoPlaceholderIsALiteral(String condition) {
    assertThat(Condition.parse(condition).right()).isInstanceOf(Operand.Literal.class);
  }

  static Stream<String> bracketedLiterals() {
    return Stream.of("[BODY].tags == [a b]", "[BODY].tags == [1 2 3]", "[BODY] == [ok]", "[BODY] == [Stauts]", "[BODY] == []",
        "[BODY] == [", "[BODY] == x[STATUS]");
  }
}

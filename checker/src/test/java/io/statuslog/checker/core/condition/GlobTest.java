package io.statuslog.checker.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** pat() patterns: Go's filepath.Match on text without slashes, as Gatus's pattern.Match does. */
class GlobTest {
  @ParameterizedTest(name = "pat({0}) on \"{1}\" is {2}")
  @CsvSource(delimiter = '|', value = {
      "abc         | abc         | true",
      "abc         | abcd        | false",
      "abc         | ab          | false",
      "*           | ''          | true",
      "a*          | a           | true",
      "a*c         | abbbc       | true",
      "a*c         | abbbcd      | false",
      "*a*a*b      | aaaaaaab    | true",
      "?           | ''          | false",
      "?           | x           | true",
      "a?c         | abc         | true",
      "a?c         | ac          | false",
      "[abc]       | b           | true",
      "[abc]       | d           | false",
      "[a-c]x      | bx          | true",
      "[^a-c]x     | dx          | true",
      "[^a-c]x     | bx          | false",
      "[a-cx-z]    | y           | true",
      "[\\]]       | ]           | true",
      "[\\-]       | -           | true",
      "[z-a]       | m           | false",
      "\\*         | *           | true",
      "\\*         | a           | false",
      "a\\?        | a?          | true",
      "]           | ]           | true",
      "*/health    | /api/health | true",
      "/api/*      | api/v1      | true",
      "x/y         | xy          | true",
      "\u00e9t?    | \u00e9t\u00e9 | true",
      "?           | \uD83D\uDE00 | true",
      "??          | \uD83D\uDE00 | false",
      "*(x)*       | f(x) = 1    | true",
  })
  void matches(String pattern, String value, boolean matches) throws Exception {
    assertThat(Glob.compile(pattern).matches(value)).isEqualTo(matches);
  }

  /** A regular expression's backtracking on such a pattern over a large body could outlast the probe. */
  @Test
  @Timeout(5)
  void manyStarsOverALargeValueStayFast() throws Exception {
    Glob glob = Glob.compile("*a*a*a*a*a*a*b");
    String body = "a".repeat(20_000);

    assertThat(glob.matches(body)).isFalse();
    assertThat(glob.matches(body + "b")).isTrue();
  }

  @Test
  void consecutiveStarsAreOne() throws Exception {
    assertThat(Glob.compile("a***b")).hasToString(Glob.compile("a*b").toString());
  }
}

package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckIdsTest {
  @ParameterizedTest
  @ValueSource(strings = {"api", "0", "a.b_c-d", "9-lives", "x123456789012345678901234567890123456789012345678901234567890123"})
  void takesLowerCaseLettersDigitsAndDotUnderscoreDashAfterALetterOrDigit(String id) {
    assertThat(CheckIds.isValid(id)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "API", "-api", ".api", "_api", "a b", "a/b", "a:b", "é", "x1234567890123456789012345678901234567890123456789012345678901234"})
  void refusesEverythingElse(String id) {
    assertThat(CheckIds.isValid(id)).isFalse();
  }
}

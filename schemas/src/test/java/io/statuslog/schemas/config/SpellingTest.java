package io.statuslog.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpellingTest {
  private static final List<String> CHECK_FIELDS = List.of("conditions", "degradedConditions", "id", "interval", "name", "timeout", "url");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "intervall, interval",
      "Interval, interval",
      "timout, timeout",
      "tiemout, timeout",
      "condition, conditions",
      "degradedCondition, degradedConditions",
      "URL, url",
      "uri, url"})
  void aSlipIsNamedBackAsTheFieldItWasMeantToBe(String given, String meant) {
    assertThat(Spelling.closest(given, CHECK_FIELDS)).contains(meant);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"probe", "x", "i", "retries", "headerz-and-more"})
  void aNameTooFarFromEveryFieldGetsNoGuess(String given) {
    assertThat(Spelling.closest(given, CHECK_FIELDS)).isEmpty();
  }

  @Test
  void editsCountInsertionsRemovalsReplacementsAndSwaps() {
    assertThat(Spelling.edits("kitten", "sitting")).isEqualTo(3);
    assertThat(Spelling.edits("prot", "port")).isEqualTo(1);
    assertThat(Spelling.edits("", "abc")).isEqualTo(3);
    assertThat(Spelling.edits("same", "same")).isZero();
  }
}

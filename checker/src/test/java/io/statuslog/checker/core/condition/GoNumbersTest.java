package io.statuslog.checker.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers and durations as Go's strconv.ParseInt(s, 0, 64), strconv.ParseFloat(s, 64) and
 * time.ParseDuration read them; the expected values are what Go's documentation and tests give.
 */
class GoNumbersTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "0, 0", "7, 7", "-7, -7", "+7, 7", "00, 0", "010, 8", "0o10, 8", "0O10, 8", "0x1f, 31", "0XFF, 255", "0b11, 3",
      "-0x10, -16", "1_000, 1000", "0x_1f, 31", "0_7, 7",
      "9223372036854775807, 9223372036854775807", "-9223372036854775808, -9223372036854775808",
  })
  void integers(String text, long value) {
    assertThat(GoNumbers.parseInt(text)).hasValue(value);
  }

  @ParameterizedTest(name = "{0} is no integer")
  @ValueSource(strings = {"", "+", "-", " 1", "1 ", "1.0", "1e3", "08", "0x", "0b", "0b2", "0o8", "0xg", "_1", "1_", "1__0",
      "0_", "9223372036854775808", "-9223372036854775809", "\u0661", "１", "abc", "0x1p4"})
  void notIntegers(String text) {
    assertThat(GoNumbers.parseInt(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "1.5, 1.5", "-1.5, -1.5", ".5, 0.5", "5., 5", "1e3, 1000", "1E-2, 0.01", "+1e+2, 100", "1_000.5, 1000.5",
      "0x1p4, 16", "0x1.8p1, 3", "0X.8P1, 1",
  })
  void floats(String text, double value) {
    assertThat(GoNumbers.parseFloat(text)).hasValue(value);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"inf", "+Inf", "INFINITY", "-inf"})
  void infinities(String text) {
    assertThat(GoNumbers.parseFloat(text).getAsDouble()).isInfinite();
  }

  @ParameterizedTest(name = "{0} is no float")
  @ValueSource(strings = {"", ".", "e3", "1e", "1e+", "0x1", "0x1.8", "1.2.3", "infin", "+nan", "1e400", "1d", "1f", " 1", "_1.5",
      "1._5", "Infinityx", "NaNa"})
  void notFloats(String text) {
    assertThat(GoNumbers.parseFloat(text)).isEqualTo(OptionalDouble.empty());
  }

  @ParameterizedTest(name = "{0} is {1} ns")
  @CsvSource({
      "0, 0", "+0, 0", "-0, 0", "1ns, 1", "1us, 1000", "1\u00b5s, 1000", "1\u03bcs, 1000", "1ms, 1000000", "1s, 1000000000",
      "1m, 60000000000", "1h, 3600000000000", "1h30m, 5400000000000", "1.5h, 5400000000000", "-2h, -7200000000000",
      ".5s, 500000000", "5.s, 5000000000", "1h1m1s1ms1us1ns, 3661001001001", "0.000000001s, 1", "2562047h47m16.854775807s, 9223372036854775807",
      "-2562047h47m16.854775808s, -9223372036854775808", "100ms200ms, 300000000",
  })
  void durations(String text, long nanos) {
    assertThat(GoNumbers.parseDuration(text)).hasValue(nanos);
  }

  @ParameterizedTest(name = "{0} is no duration")
  @ValueSource(strings = {"", "+", "-", "1", "100", ".s", "1d", "1 h", "h", "1h ", "1hh", "1.h.", "2562047h47m16.854775808s",
      "9223372036854775808ns", "1e3s"})
  void notDurations(String text) {
    assertThat(GoNumbers.parseDuration(text)).isEqualTo(OptionalLong.empty());
  }

  @ParameterizedTest(name = "{0} ms shows as {1}")
  @CsvSource({
      "0, 0s", "1, 1ms", "500, 500ms", "-500, -500ms", "1000, 1s", "1500, 1s", "20000, 20s", "60000, 1m", "90000, 1m30s",
      "600000, 10m", "3600000, 1h", "3615000, 1h0m15s", "5400000, 1h30m", "4200000, 1h10m", "108000000, 30h",
      "1209600000, 336h", "-7200000, -2h", "172799000, 47h59m59s",
  })
  void durationsAsShown(long millis, String shown) {
    assertThat(GoNumbers.formatDuration(millis)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} counts as {1}")
  @CsvSource({
      "42, 42", "0x2A, 42", "42.9, 42", "-42.9, -42", "1s, 1000", "1.5s, 1500", "1h, 3600000", "0, 0", "abc, 0", "'', 0",
      "1ns, 0", "true, 0", "9223372036854775807, 9223372036854775807",
  })
  void orderingValues(String text, long value) {
    assertThat(GoNumbers.orderingValue(text)).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"48h, true", "1h30m, true", "500ms, true", "0, false", "-0, false", "100, false", "1d, false", "abc, false"})
  void durationLiterals(String text, boolean duration) {
    assertThat(GoNumbers.isDurationWithUnit(text)).isEqualTo(duration);
  }
}

package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
  @ParameterizedTest
  @ValueSource(strings = {
      "2025-06-01T12:00:00Z", "2025-06-01T12:00:00.250Z", "2025-06-01T12:00:00.1Z", "2025-06-01T12:00:00.123456789Z",
      "2025-06-01T12:00:00+02:00", "2025-06-01T12:00:00.5-07:30", "2025-06-01T00:30:00+18:00", "2025-06-01T23:59:59-18:00",
      "2024-02-29T12:00:00Z", "2000-02-29T12:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
      "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z", "2025-12-31T23:59:59+00:00", "2025-06-01T12:00:00-00:00",
      // Valid, though not in the common form: left to OffsetDateTime.
      "2025-06-01t12:00:00z", "2025-06-01T12:00Z", "2025-06-01T12:00:00+02:00:30", "+12025-06-01T12:00:00Z",
      "2025-06-01T12:00:00.Z"})
  void readsWhatOffsetDateTimeReads(String text) {
    assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2025-02-29T12:00:00Z", "1900-02-29T12:00:00Z", "2025-04-31T12:00:00Z", "2025-13-01T12:00:00Z", "2025-00-01T12:00:00Z",
      "2025-06-00T12:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T12:60:00Z", "2025-06-01T12:00:60Z", "2025-06-01T12:00:00",
      "2025-06-01T12:00:00.1234567890Z", "2025-06-01T12:00:00+18:01", "2025-06-01T12:00:00+2:00",
      "2025-06-01T12:00:00+02:60", "2025-06-01T12:00:00Zjunk", "2025-06-01 12:00:00Z", "2025-6-01T12:00:00Z", "20a5-06-01T12:00:00Z",
      "2025-06-01T12:00:00+0200", "2025-06-01T12:00:00.25", ""})
  void refusesWhatOffsetDateTimeRefuses(String text) {
    assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
  }

  /** Timestamps with every field drawn at random, some out of range, some with a character changed: the same answer as OffsetDateTime, every time. */
  @Test
  void agreesWithOffsetDateTimeOnRandomTimestamps() {
    Random random = new Random(20261129);
    for (int i = 0; i < 200_000; i++) {
      String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", random.nextInt(10_000), random.nextInt(14), random.nextInt(33),
          random.nextInt(25), random.nextInt(61), random.nextInt(61), fraction(random), offset(random));
      if (random.nextInt(10) == 0) {
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = "0189-:+.TZz ".charAt(random.nextInt(12));
        text = new String(chars);
      }
      Instant expected;
      try {
        expected = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException e) {
        String refused = text;
        assertThatThrownBy(() -> Rfc3339.parse(refused)).as(refused).isInstanceOf(DateTimeParseException.class);
        continue;
      }
      assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
    }
  }

  private static String fraction(Random random) {
    int digits = random.nextInt(11);
    if (digits == 10) {
      return "";
    }
    StringBuilder fraction = new StringBuilder(".");
    for (int d = 0; d < digits; d++) {
      fraction.append(random.nextInt(10));
    }
    return fraction.toString();
  }

  private static String offset(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> "Z";
      case 1 -> String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(61));
      default -> String.format("+%02d:%02d", random.nextInt(19), random.nextInt(60));
    };
  }
}

package io.statuslog.checker.core.condition;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Numbers and durations read the way Go's {@code strconv} and {@code time} read them, because
 * Gatus compares with exactly those: a Gatus user's {@code [BODY].data == 0x1} or
 * {@code [CERTIFICATE_EXPIRATION] > 1h30m} must mean here what it meant there. Hand-written, not
 * regular expressions: these run for every probe.
 */
final class GoNumbers {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private GoNumbers() {}

  /**
   * Two resolved values are equal as integers when both read as integers, else as text (Gatus
   * {@code isEqual}, condition.go:163-170): {@code 0x1 == 1} holds, {@code 1.0 == 1} does not.
   */
  static boolean sameValue(String first, String second) {
    OptionalLong a = parseInt(first);
    if (a.isPresent()) {
      OptionalLong b = parseInt(second);
      if (b.isPresent()) {
        return a.getAsLong() == b.getAsLong();
      }
    }
    return first.equals(second);
  }

  /**
   * The number {@code <}, {@code <=}, {@code >}, {@code >=} compare (Gatus
   * {@code sanitizeAndResolveNumericalWithContext}, condition.go:194-215): a non-zero duration
   * counts in milliseconds, then an integer, then a float cut to an integer, and anything else is 0.
   */
  static long orderingValue(String value) {
    OptionalLong nanos = parseDuration(value);
    if (nanos.isPresent() && nanos.getAsLong() != 0) {
      return nanos.getAsLong() / NANOS_PER_MILLI; // Go's Duration.Milliseconds() truncates toward zero too
    }
    OptionalLong integer = parseInt(value);
    if (integer.isPresent()) {
      return integer.getAsLong();
    }
    OptionalDouble real = parseFloat(value);
    // Go's int64(f) is platform-defined for NaN and out-of-range values; Java's cast saturates.
    return real.isPresent() ? (long) real.getAsDouble() : 0;
  }

  /** A literal the resolved text shows as a duration: Go reads it as one and it names a unit (not a bare 0). */
  static boolean isDurationWithUnit(String text) {
    return parseDuration(text).isPresent() && text.chars().anyMatch(Character::isLetter);
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)}: optional sign, then decimal, {@code 0x} hex,
   * {@code 0o} or leading-{@code 0} octal, {@code 0b} binary, with {@code _} between digits.
   */
  static OptionalLong parseInt(String s) {
    int n = s.length();
    if (n == 0) {
      return OptionalLong.empty();
    }
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
      if (n == 1) {
        return OptionalLong.empty();
      }
    }
    int base = 10;
    if (s.charAt(i) == '0') {
      char prefix = n - i >= 3 ? Character.toLowerCase(s.charAt(i + 1)) : 0;
      base = switch (prefix) {
        case 'b' -> 2;
        case 'o' -> 8;
        case 'x' -> 16;
        default -> 8; // a leading 0 alone means octal: "010" is 8, as in Go
      };
      i += prefix == 'b' || prefix == 'o' || prefix == 'x' ? 2 : 1;
    }
    // Accumulate negatively, as Long.parseLong does, so that -2^63 fits.
    long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
    long multiplicationLimit = limit / base;
    long result = 0;
    boolean underscores = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
        continue;
      }
      int digit = Character.digit(c, base);
      if (digit < 0 || c > 'z') { // Character.digit also accepts non-ASCII digits; Go does not
        return OptionalLong.empty();
      }
      if (result < multiplicationLimit || result * base < limit + digit) {
        return OptionalLong.empty(); // out of range: Go's ErrRange, which Gatus treats as "not a number"
      }
      result = result * base - digit;
    }
    if (underscores && !underscoresBetweenDigits(s)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(negative ? result : -result);
  }

  /**
   * Go's {@code strconv.ParseFloat(s, 64)}: decimal or hex (with a {@code p} exponent) floats,
   * {@code _} between digits, and {@code inf}, {@code infinity}, {@code nan} in any case. A value
   * too large for a double is an error, as in Go.
   */
  static OptionalDouble parseFloat(String s) {
    int n = s.length();
    if (n == 0) {
      return OptionalDouble.empty();
    }
    int i = 0;
    boolean signed = s.charAt(0) == '+' || s.charAt(0) == '-';
    if (signed) {
      i = 1;
    }
    String rest = s.substring(i);
    if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
      return OptionalDouble.of(s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (!signed && rest.equalsIgnoreCase("nan")) { // Go accepts no sign before NaN
      return OptionalDouble.of(Double.NaN);
    }
    boolean hex = n - i > 2 && s.charAt(i) == '0' && Character.toLowerCase(s.charAt(i + 1)) == 'x';
    if (hex) {
      i += 2;
    }
    int radix = hex ? 16 : 10;
    boolean digits = false;
    boolean underscores = false;
    boolean dot = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else if (c <= 'z' && Character.digit(c, radix) >= 0) {
        digits = true;
      } else {
        break;
      }
    }
    if (!digits) {
      return OptionalDouble.empty();
    }
    char exponent = hex ? 'p' : 'e';
    if (i < n && Character.toLowerCase(s.charAt(i)) == exponent) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      boolean exponentDigits = false;
      for (; i < n && (isAsciiDigit(s.charAt(i)) || s.charAt(i) == '_'); i++) {
        underscores |= s.charAt(i) == '_';
        exponentDigits |= s.charAt(i) != '_';
      }
      if (!exponentDigits) {
        return OptionalDouble.empty();
      }
    } else if (hex) {
      return OptionalDouble.empty(); // Go: a hexadecimal mantissa requires a 'p' exponent
    }
    if (i != n || (underscores && !underscoresBetweenDigits(s))) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(underscores ? s.replace("_", "") : s);
    return Double.isInfinite(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /**
   * Go's {@code time.ParseDuration}, in nanoseconds: a sequence of decimal numbers, each with
   * optional fraction and a unit (ns, us, µs, ms, s, m, h), optionally signed; "0" alone needs no
   * unit. Fractions are scaled with a double, exactly as Go does, so the nanoseconds agree.
   */
  static OptionalLong parseDuration(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (n - i == 1 && s.charAt(i) == '0') {
      return OptionalLong.of(0);
    }
    if (i == n) {
      return OptionalLong.empty();
    }
    long total = 0; // may reach 2^63 (as an unsigned value) only when negative
    while (i < n) {
      char c = s.charAt(i);
      if (!(c == '.' || isAsciiDigit(c))) {
        return OptionalLong.empty();
      }
      long whole = 0;
      int start = i;
      for (; i < n && isAsciiDigit(s.charAt(i)); i++) {
        if (whole > (Long.MAX_VALUE - 9) / 10) {
          return OptionalLong.empty();
        }
        whole = whole * 10 + (s.charAt(i) - '0');
      }
      boolean before = i > start;
      long fraction = 0;
      double scale = 1;
      boolean after = false;
      if (i < n && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        boolean overflow = false;
        for (; i < n && isAsciiDigit(s.charAt(i)); i++) {
          long next = fraction * 10 + (s.charAt(i) - '0');
          if (overflow || fraction > Long.MAX_VALUE / 10 || next < 0) {
            overflow = true; // Go ignores the digits beyond what fits
            continue;
          }
          fraction = next;
          scale *= 10;
        }
        after = i > fractionStart;
      }
      if (!before && !after) {
        return OptionalLong.empty();
      }
      int unitStart = i;
      for (; i < n && s.charAt(i) != '.' && !isAsciiDigit(s.charAt(i)); i++) {}
      long unit = unitNanos(s.substring(unitStart, i));
      if (unit == 0) {
        return OptionalLong.empty();
      }
      if (whole > Long.MAX_VALUE / unit) {
        return OptionalLong.empty();
      }
      long value = whole * unit;
      if (fraction > 0) {
        value += (long) ((double) fraction * ((double) unit / scale));
        if (value < 0) {
          return OptionalLong.empty();
        }
      }
      total += value;
      if (total < 0 && !(negative && total == Long.MIN_VALUE)) { // Go allows 2^63 only to negate it
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(negative ? -total : total);
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L; // Go accepts micro sign and Greek mu
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 0L;
    };
  }

  /**
   * A duration in milliseconds as Gatus shows it ({@code formatDuration}, condition.go:238-256):
   * whole seconds, trailing zero units dropped, e.g. 336h, 1h30m, 1h0m15s. Gatus's own suffix
   * trimming turns 10m into "1" and 20s into "2"; this shows what it meant to. Under a second, the
   * milliseconds are kept, so that a {@code 500ms} literal is not shown as "0s".
   */
  static String formatDuration(long millis) {
    if (millis != 0 && Math.abs(millis) < 1_000) {
      return millis + "ms";
    }
    long seconds = millis / 1_000;
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder(seconds < 0 ? "-" : "");
    long left = Math.abs(seconds);
    long hours = left / 3_600;
    long minutes = left % 3_600 / 60;
    long secs = left % 60;
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0 || (hours > 0 && secs > 0)) {
      text.append(minutes).append('m');
    }
    if (secs > 0) {
      text.append(secs).append('s');
    }
    return text.toString();
  }

  /**
   * Go's {@code underscoreOK}: an underscore must sit between two digits, or between a base
   * prefix and a digit.
   */
  private static boolean underscoresBetweenDigits(String s) {
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      i = 1;
    }
    char saw = '^'; // ^ start, 0 digit or prefix, _ underscore, ! anything else
    boolean hex = false;
    if (s.length() - i >= 2 && s.charAt(i) == '0' && "box".indexOf(Character.toLowerCase(s.charAt(i + 1))) >= 0) {
      hex = Character.toLowerCase(s.charAt(i + 1)) == 'x';
      saw = '0';
      i += 2;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isAsciiDigit(c) || (hex && Character.toLowerCase(c) >= 'a' && Character.toLowerCase(c) <= 'f')) {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else {
        if (saw == '_') {
          return false;
        }
        saw = '!';
      }
    }
    return saw != '_';
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}

package io.statuslog.web.core;

import java.util.Optional;

/**
 * Rules for admin input that need no state. Each returns the problem to report, naming the field,
 * or empty when the value is acceptable.
 */
public final class AdminInput {
  public static final int MAX_IDEMPOTENCY_KEY = 255;

  private AdminInput() {}

  /**
   * A title is one line: no control character (Unicode category Cc) at all. Text may span lines
   * and be indented, so \n, \r and \t are allowed, no other control character: PostgreSQL refuses
   * NUL outright, and the others have no business on a status page. Positions count UTF-16 units
   * from 0, as JavaScript's {@code indexOf} does.
   */
  public static Optional<String> controlCharacter(String field, String value, boolean lineBreaksAndTabsAllowed) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed = lineBreaksAndTabsAllowed && (c == '\n' || c == '\r' || c == '\t');
      if (Character.getType(c) == Character.CONTROL && !allowed) {
        return Optional.of(String.format("%s: control character U+%04X at position %d is not allowed", field, (int) c, i));
      }
    }
    return Optional.empty();
  }

  /** An Idempotency-Key is 1 to 255 printable ASCII characters (0x20-0x7E): it travels in an HTTP header and a Kafka header. */
  public static Optional<String> idempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
      return Optional.of("Idempotency-Key: must be 1-" + MAX_IDEMPOTENCY_KEY + " printable ASCII characters, got " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c > 0x7E && c <= 0xFF) {
        // HTTP gives a header's bytes one char each: "é" sent as UTF-8 arrives as 0xC3 0xA9.
        return Optional.of(String.format("Idempotency-Key: byte 0x%02X at position %d is not printable ASCII (a letter such as é is more than one byte)", (int) c, i));
      } else if (c < 0x20 || c > 0x7E) {
        return Optional.of(String.format("Idempotency-Key: character U+%04X at position %d is not printable ASCII", (int) c, i));
      }
    }
    return Optional.empty();
  }
}

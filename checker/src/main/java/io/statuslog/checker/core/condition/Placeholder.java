package io.statuslog.checker.core.condition;

import java.util.Locale;
import java.util.Optional;

/** What a condition can read from a probe, named and written as Gatus names them (placeholder.go:13-55). */
enum Placeholder {
  STATUS,
  RESPONSE_TIME,
  BODY,
  CONNECTED,
  CERTIFICATE_EXPIRATION,
  DNS_RCODE,
  IP;

  String written() {
    return "[" + name() + "]";
  }

  /** Gatus reads placeholder names in any case ({@code [status]}, {@code [Ip]}), placeholder.go:125. */
  static Optional<Placeholder> named(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Placeholder placeholder : values()) {
      if (placeholder.name().equals(upper)) {
        return Optional.of(placeholder);
      }
    }
    return Optional.empty();
  }
}

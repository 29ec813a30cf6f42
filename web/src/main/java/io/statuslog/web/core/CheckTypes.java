package io.statuslog.web.core;

/**
 * A check's type, read from the URL the read model keeps for it: every type's URL has a scheme
 * of its own ({@code tcp://host:port}, {@code dns://...}, {@code tls://host:port},
 * {@code push:check-id}, and http or https for HTTP checks), so the web tier tells a push check
 * from a probed one without a read model migration. The names are those of the checks file's
 * {@code type:}.
 */
public final class CheckTypes {
  private CheckTypes() {}

  public static String of(String url) {
    if (url == null) {
      return "http";
    }
    int colon = url.indexOf(':');
    String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
    return switch (scheme) {
      case "push", "tcp", "dns", "tls" -> scheme;
      default -> "http";
    };
  }
}

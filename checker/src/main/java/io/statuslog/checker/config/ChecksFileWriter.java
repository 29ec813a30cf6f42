package io.statuslog.checker.config;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes checks as a checks file: the inverse of {@link ChecksFile#read}, so that what an import
 * prints is read back as exactly the checks it built. Fields come in one order (identity, what is
 * probed, when, conditions) and a field is left out when it holds the value {@link ChecksFile}
 * would fill in anyway, except interval and timeout, which are always written: an imported check
 * keeps its old schedule even if Statuslog's defaults change. A push check is written without
 * what only a probe uses (timeout, regions, conditions), which its file may not give.
 */
final class ChecksFileWriter {
  /** Plain (unquoted) text that YAML reads back as the same string: no indicator, number, or 1.1 boolean. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_./:?=&%+~@-]*");
  private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
  private static final String INDENT = "    ";

  private ChecksFileWriter() {}

  /** The checks file holding {@code checks}, after {@code header} written as comment lines. */
  static String write(List<String> header, List<CheckSpec> checks) {
    StringBuilder yaml = new StringBuilder();
    header.forEach(line -> yaml.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    yaml.append("checks:\n");
    checks.forEach(check -> writeCheck(yaml, check));
    return yaml.toString();
  }

  private static void writeCheck(StringBuilder yaml, CheckSpec check) {
    yaml.append("  - id: ").append(scalar(check.id())).append('\n');
    if (!check.name().equals(check.id())) {
      field(yaml, "name", scalar(check.name()));
    }
    check.component().ifPresent(component -> field(yaml, "component", scalar(component)));
    switch (check.target()) {
      case Target.Http http -> {
        field(yaml, "url", scalar(http.url().toString()));
        if (!http.method().equals("GET")) {
          field(yaml, "method", scalar(http.method()));
        }
        if (!http.headers().isEmpty()) {
          yaml.append(INDENT).append("headers:\n");
          // Sorted, so that the same checks always print the same file.
          new TreeMap<>(http.headers()).forEach((name, value) ->
              yaml.append(INDENT).append("  ").append(scalar(name)).append(": ").append(scalar(value)).append('\n'));
        }
        http.body().ifPresent(body -> field(yaml, "body", scalar(body)));
        if (!http.followRedirects()) {
          field(yaml, "followRedirects", "false");
        }
        if (http.maxRedirects() != 10) {
          field(yaml, "maxRedirects", Integer.toString(http.maxRedirects()));
        }
        if (!http.verifyTls()) {
          field(yaml, "verifyTls", "false");
        }
        if (http.reuseConnections()) {
          field(yaml, "reuseConnections", "true");
        }
        if (http.expectedStatus() != 200) {
          field(yaml, "expectedStatus", Integer.toString(http.expectedStatus()));
        }
        http.degradedAfter().ifPresent(after -> field(yaml, "degradedAfter", duration(after)));
      }
      case Target.Tcp tcp -> {
        field(yaml, "type", "tcp");
        field(yaml, "host", scalar(tcp.host()));
        field(yaml, "port", Integer.toString(tcp.port()));
        tcp.send().ifPresent(send -> field(yaml, "send", scalar(send)));
        tcp.expect().ifPresent(expect -> field(yaml, "expect", scalar(expect)));
      }
      case Target.Dns dns -> {
        field(yaml, "type", "dns");
        field(yaml, "query", scalar(dns.name()));
        field(yaml, "queryType", dns.queryType().name());
        dns.resolverHost().ifPresent(host -> field(yaml, "resolver", scalar(dns.resolverPort() == 53 ? host : host + ":" + dns.resolverPort())));
      }
      case Target.Tls tls -> {
        field(yaml, "type", "tls");
        field(yaml, "host", scalar(tls.host()));
        field(yaml, "port", Integer.toString(tls.port()));
      }
      case Target.Push push -> {
        // The token is not written: only its hash is known here, and `checks apply` keeps the
        // hash a check of this id already has.
        field(yaml, "type", "push");
        field(yaml, "grace", duration(push.grace()));
      }
    }
    field(yaml, "interval", duration(check.interval()));
    boolean probed = !(check.target() instanceof Target.Push);
    if (probed) {
      field(yaml, "timeout", duration(check.timeout()));
    }
    if (!check.isPublic()) {
      field(yaml, "public", "false");
    }
    if (probed) {
      list(yaml, "regions", check.regions());
      list(yaml, "conditions", check.conditions());
      list(yaml, "degradedConditions", check.degradedConditions());
    }
  }

  private static void field(StringBuilder yaml, String name, String value) {
    yaml.append(INDENT).append(name).append(": ").append(value).append('\n');
  }

  private static void list(StringBuilder yaml, String name, List<String> items) {
    if (!items.isEmpty()) {
      yaml.append(INDENT).append(name).append(":\n");
      items.forEach(item -> yaml.append(INDENT).append("  - ").append(scalar(item)).append('\n'));
    }
  }

  /**
   * A duration as the checks file reads it (Dropwizard's {@code Duration}: one number and one
   * unit, so 90s rather than 1m30s), in the largest unit that holds it exactly; below a
   * millisecond is dropped, since no probe is timed that finely.
   */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }

  /** Text as a YAML scalar: plain when that reads back as the same string, else double-quoted with JSON's escapes. */
  static String scalar(String text) {
    if (PLAIN.matcher(text).matches() && !text.endsWith(":") && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
      return text;
    }
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    text.chars().forEach(c -> {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          // Control characters, and the line breaks YAML knows beyond \n, written as escapes.
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", c));
          } else {
            quoted.append((char) c);
          }
        }
      }
    });
    return quoted.append('"').toString();
  }
}

package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckType;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a check probes, and how: one record per check type. Each validates itself once, when a
 * checks file is read or a definition arrives, with a message that names the field.
 */
public sealed interface Target permits Target.Http, Target.Tcp, Target.Dns, Target.Tls, Target.Push {
  CheckType type();

  /** The target as one URL, shown on the page and kept in the definition: {@code tcp://db:5432}, {@code dns://1.1.1.1/example.com}. */
  URI url();

  /** The conditions every probe of this type must meet whatever the check says, e.g. the expected HTTP status. */
  List<String> implicitConditions(List<String> configured);

  /**
   * An HTTP(S) request. Each probe opens its own connection unless {@code reuseConnections}, so
   * a listener that stopped accepting is seen at once and connect and TLS times are measured.
   */
  record Http(
      URI url,
      String method,
      Map<String, String> headers,
      Optional<String> body,
      boolean followRedirects,
      int maxRedirects,
      boolean verifyTls,
      boolean reuseConnections,
      int expectedStatus,
      Optional<Duration> degradedAfter) implements Target {
    public Http {
      if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException("url must be an http:// or https:// URL, got " + url);
      }
      method = method == null || method.isBlank() ? "GET" : method.strip().toUpperCase(Locale.ROOT);
      if (!method.matches("[A-Z]{1,16}")) {
        throw new IllegalArgumentException("method must be an HTTP method such as GET or POST, got " + method);
      }
      headers = headers == null ? Map.of() : Map.copyOf(headers);
      headers.forEach((name, value) -> {
        if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
          throw new IllegalArgumentException("headers: \"" + name + "\" is not a header name");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
          throw new IllegalArgumentException("headers." + name + " must be one line");
        }
      });
      body = body == null ? Optional.empty() : body;
      if (maxRedirects < 0 || maxRedirects > 30) {
        throw new IllegalArgumentException("maxRedirects must be between 0 and 30, got " + maxRedirects);
      }
      if (expectedStatus < 100 || expectedStatus > 599) {
        throw new IllegalArgumentException("expectedStatus must be an HTTP status (100-599), got " + expectedStatus);
      }
      degradedAfter = degradedAfter == null ? Optional.empty() : degradedAfter;
    }

    @Override
    public CheckType type() {
      return CheckType.HTTP;
    }

    /** The expected status, unless a condition says what the status must be. */
    @Override
    public List<String> implicitConditions(List<String> configured) {
      return mentions(configured, "[STATUS]") ? List.of() : List.of("[STATUS] == " + expectedStatus);
    }
  }

  /** A TCP connection; optionally a string sent, and a reply that must contain another. */
  record Tcp(String host, int port, Optional<String> send, Optional<String> expect) implements Target {
    public Tcp {
      host = requireHost(host);
      requirePort(port);
      send = send == null ? Optional.empty() : send;
      expect = expect == null ? Optional.empty() : expect;
    }

    @Override
    public CheckType type() {
      return CheckType.TCP;
    }

    @Override
    public URI url() {
      return URI.create("tcp://" + hostPort(host, port));
    }

    @Override
    public List<String> implicitConditions(List<String> configured) {
      return List.of("[CONNECTED] == true");
    }
  }

  /** A DNS query for one name and record type, against a given resolver or the system's. */
  record Dns(String name, DnsQueryType queryType, Optional<String> resolverHost, int resolverPort) implements Target {
    public Dns {
      if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_.-]{1,253}")) {
        throw new IllegalArgumentException("query must be a domain name, got " + name);
      }
      if (queryType == null) {
        throw new IllegalArgumentException("queryType is required: one of A, AAAA, CNAME, MX, TXT, NS");
      }
      resolverHost = resolverHost == null ? Optional.empty() : resolverHost.map(Target::requireHost);
      requirePort(resolverPort);
    }

    @Override
    public CheckType type() {
      return CheckType.DNS;
    }

    @Override
    public URI url() {
      return URI.create("dns://" + resolverHost.map(host -> hostPort(host, resolverPort)).orElse("") + "/" + name + "?type=" + queryType);
    }

    /** An answer without error, unless a condition says what the response code must be. */
    @Override
    public List<String> implicitConditions(List<String> configured) {
      return mentions(configured, "[DNS_RCODE]") ? List.of() : List.of("[DNS_RCODE] == NOERROR");
    }
  }

  /** A TLS handshake: the chain must verify and name the host. */
  record Tls(String host, int port) implements Target {
    public Tls {
      host = requireHost(host);
      requirePort(port);
    }

    @Override
    public CheckType type() {
      return CheckType.TLS;
    }

    @Override
    public URI url() {
      return URI.create("tls://" + hostPort(host, port));
    }

    @Override
    public List<String> implicitConditions(List<String> configured) {
      return List.of("[CONNECTED] == true");
    }
  }

  /**
   * A heartbeat the monitored job sends to ingest's push URL; nothing is probed, by any region.
   * The push token itself never reaches the log: a check holds the SHA-256 of it, hex, or none
   * yet when a checks file leaves it to `checks apply` to issue one (or keep the one issued).
   */
  record Push(URI url, Duration grace, Optional<String> tokenHash) implements Target {
    private static final java.util.regex.Pattern SHA_256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");

    public Push {
      if (url == null) {
        throw new IllegalArgumentException("url is required");
      }
      if (grace == null || grace.isNegative()) {
        throw new IllegalArgumentException("grace must be zero or more, got " + grace);
      }
      tokenHash = tokenHash == null ? Optional.empty() : tokenHash;
      tokenHash.ifPresent(hash -> {
        if (!SHA_256_HEX.matcher(hash).matches()) {
          throw new IllegalArgumentException("pushTokenHash must be a SHA-256 in lowercase hex");
        }
      });
    }

    /** A push check's URL names the check, never its token: {@code push:backup-job}. */
    public static URI urlOf(String checkId) {
      return URI.create("push:" + checkId);
    }

    public Push withTokenHash(String hash) {
      return new Push(url, grace, Optional.of(hash));
    }

    @Override
    public CheckType type() {
      return CheckType.PUSH;
    }

    @Override
    public List<String> implicitConditions(List<String> configured) {
      return List.of();
    }
  }

  /** The record types a DNS check may ask for. */
  enum DnsQueryType {
    A, AAAA, CNAME, MX, TXT, NS;

    public static DnsQueryType parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("queryType must be one of A, AAAA, CNAME, MX, TXT, NS, got " + text);
      }
    }
  }

  private static boolean mentions(List<String> conditions, String placeholder) {
    return conditions.stream().anyMatch(condition -> condition.contains(placeholder));
  }

  private static String requireHost(String host) {
    if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9_.:\\[\\]-]{1,253}")) {
      throw new IllegalArgumentException("host must be a host name or an IP address, got " + host);
    }
    return host.strip();
  }

  private static void requirePort(int port) {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }
}

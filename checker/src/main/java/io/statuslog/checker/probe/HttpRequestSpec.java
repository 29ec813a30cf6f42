package io.statuslog.checker.probe;

import io.statuslog.checker.core.Target;
import io.statuslog.checker.probe.NetworkFailures.MalformedResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One request of an HTTP probe: the check's own, or the one a redirect leads to. Both HTTP
 * clients (a connection per probe, or the shared one) follow redirects by these rules.
 */
record HttpRequestSpec(URI uri, String method, Map<String, String> headers, Optional<String> body) {
  /** Headers that describe a body: dropped with the body when a redirect turns the request into a GET (Fetch standard). */
  private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-encoding", "content-language", "content-location");
  /** Credentials meant for one host, not for whichever host a redirect names (as Go's and browsers' clients do). */
  private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

  static HttpRequestSpec of(Target.Http target) {
    return new HttpRequestSpec(target.url(), target.method(), target.headers(), target.body());
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  String host() {
    String host = uri.getHost();
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  boolean https() {
    return "https".equalsIgnoreCase(uri.getScheme());
  }

  int port() {
    return uri.getPort() != -1 ? uri.getPort() : https() ? 443 : 80;
  }

  /**
   * The request a redirect response leads to. 303 turns anything but HEAD into a GET without a
   * body, and so do 301 and 302 for a POST, as browsers do; 307 and 308 keep method and body.
   */
  HttpRequestSpec redirectedTo(int status, String location) throws MalformedResponse {
    if (location == null || location.isBlank()) {
      throw new MalformedResponse("redirect " + status + " without a Location header");
    }
    URI next;
    try {
      next = uri.resolve(new URI(location.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new MalformedResponse("redirect " + status + " to an invalid Location: " + location);
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
      throw new MalformedResponse("redirect " + status + " to a location that is not an http(s) URL: " + location);
    }
    boolean toGet = (status == 303 && !method.equals("HEAD")) || ((status == 301 || status == 302) && method.equals("POST"));
    boolean sameHost = next.getHost().equalsIgnoreCase(uri.getHost());
    Map<String, String> nextHeaders = new LinkedHashMap<>();
    headers.forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean drop = (toGet && BODY_HEADERS.contains(lower)) || (!sameHost && (CREDENTIAL_HEADERS.contains(lower) || lower.equals("host")));
      if (!drop) {
        nextHeaders.put(name, value);
      }
    });
    return new HttpRequestSpec(next, toGet ? "GET" : method, nextHeaders, toGet ? Optional.empty() : body);
  }
}

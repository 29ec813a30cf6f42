package io.statuslog.checker.probe;

import io.statuslog.checker.core.Target;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** HTTP targets for tests, defaults as a checks file gives them, changed one field at a time. */
final class HttpTargets {
  private URI url;
  private String method = "GET";
  private final Map<String, String> headers = new LinkedHashMap<>();
  private Optional<String> body = Optional.empty();
  private boolean followRedirects = true;
  private int maxRedirects = 10;
  private boolean verifyTls = true;
  private boolean reuseConnections = false;

  static HttpTargets get(String url) {
    HttpTargets target = new HttpTargets();
    target.url = URI.create(url);
    return target;
  }

  HttpTargets method(String value) {
    method = value;
    return this;
  }

  HttpTargets header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  HttpTargets body(String value) {
    body = Optional.of(value);
    return this;
  }

  HttpTargets followRedirects(boolean value) {
    followRedirects = value;
    return this;
  }

  HttpTargets maxRedirects(int value) {
    maxRedirects = value;
    return this;
  }

  HttpTargets verifyTls(boolean value) {
    verifyTls = value;
    return this;
  }

  HttpTargets reuseConnections(boolean value) {
    reuseConnections = value;
    return this;
  }

  Target.Http build() {
    return new Target.Http(url, method, headers, body, followRedirects, maxRedirects, verifyTls, reuseConnections, 200, Optional.empty());
  }
}

package io.statuslog.checker.core.condition;

import io.statuslog.checker.core.ProbeFacts;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds the facts of a probe for tests: connected, 0 ms, and nothing else unless told. */
final class Probe {
  private boolean connected = true;
  private Duration responseTime = Duration.ZERO;
  private OptionalInt status = OptionalInt.empty();
  private Optional<String> body = Optional.empty();
  private Optional<Duration> certificateExpiration = Optional.empty();
  private Optional<String> dnsRcode = Optional.empty();
  private Optional<String> ip = Optional.empty();

  static Probe probe() {
    return new Probe();
  }

  static ProbeFacts body(String body) {
    return probe().withBody(body).facts();
  }

  static ProbeFacts status(int status) {
    return probe().withStatus(status).facts();
  }

  Probe notConnected() {
    connected = false;
    return this;
  }

  Probe withResponseTime(Duration time) {
    responseTime = time;
    return this;
  }

  Probe withStatus(int code) {
    status = OptionalInt.of(code);
    return this;
  }

  Probe withBody(String text) {
    body = Optional.of(text);
    return this;
  }

  Probe withCertificateExpiration(Duration left) {
    certificateExpiration = Optional.of(left);
    return this;
  }

  Probe withDnsRcode(String code) {
    dnsRcode = Optional.of(code);
    return this;
  }

  Probe withIp(String address) {
    ip = Optional.of(address);
    return this;
  }

  ProbeFacts facts() {
    return new ProbeFacts(connected, responseTime, status, body, certificateExpiration, dnsRcode, ip);
  }
}

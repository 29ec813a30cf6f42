package io.statuslog.checker.core;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one probe found out, whatever the check's type: the values conditions are evaluated
 * against, named as Gatus names its placeholders. A value the probe did not produce (no HTTP
 * status for a TCP check, no certificate over plain HTTP) is empty.
 *
 * @param connected {@code [CONNECTED]}: a connection was established (or, for DNS, an answer came back)
 * @param responseTime {@code [RESPONSE_TIME]}: from the start of the probe to its end, or to the timeout
 * @param status {@code [STATUS]}: the HTTP status
 * @param body {@code [BODY]}: the HTTP body as text (bounded), or for DNS the answer's data
 * @param certificateExpiration {@code [CERTIFICATE_EXPIRATION]}: time left until the server's certificate expires
 * @param dnsRcode {@code [DNS_RCODE]}: the DNS response code, e.g. NOERROR or NXDOMAIN
 * @param ip {@code [IP]}: the address the probe connected to, or that DNS answered
 */
public record ProbeFacts(
    boolean connected,
    Duration responseTime,
    OptionalInt status,
    Optional<String> body,
    Optional<Duration> certificateExpiration,
    Optional<String> dnsRcode,
    Optional<String> ip) {

  /** An HTTP probe that got a response. */
  public static ProbeFacts http(Duration responseTime, int status, String body, Optional<Duration> certificateExpiration, String ip) {
    return new ProbeFacts(true, responseTime, OptionalInt.of(status), Optional.ofNullable(body), certificateExpiration, Optional.empty(), Optional.ofNullable(ip));
  }

  /** A probe that could not connect. */
  public static ProbeFacts notConnected(Duration responseTime) {
    return new ProbeFacts(false, responseTime, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }
}

package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeFacts;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.ProbeOutcome.Timings;
import io.statuslog.schemas.events.ErrorKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one probe has done so far. A probe fills it in step by step, so that when a step fails the
 * outcome still carries the phases already timed, the address connected to and the certificate
 * seen, and the failure can say what the probe was doing ("connecting to 10.0.0.7:443").
 */
final class Attempt {
  enum Phase { DNS, CONNECT, TLS, FIRST_BYTE }

  private final Deadline deadline;
  private final long[] phaseNanos = {-1, -1, -1, -1};
  private String doing = "starting";
  private boolean connected;
  private String ip;
  private Instant certificateNotAfter;
  private OptionalInt status = OptionalInt.empty();
  private String body;
  private String dnsRcode;

  Attempt(Deadline deadline) {
    this.deadline = deadline;
  }

  Deadline deadline() {
    return deadline;
  }

  /** Says what the probe is about to do, in words a failure message can end with. */
  void doing(String what) {
    doing = what;
  }

  String doing() {
    return doing;
  }

  /** Adds to a phase; a probe that follows redirects goes through a phase once per hop and reports the sum. */
  void took(Phase phase, long nanos) {
    int i = phase.ordinal();
    phaseNanos[i] = Math.max(phaseNanos[i], 0) + nanos;
  }

  /** The address the probe connected to: [IP]. */
  void address(String address) {
    ip = address;
  }

  /**
   * The connection the check asks for is up: [CONNECTED]. For HTTPS and TLS checks that is after
   * the handshake, as in Gatus: a TCP connection to a server whose certificate is refused is not it.
   */
  void connected() {
    connected = true;
  }

  /** A new hop starts: whatever the last hop connected to is no longer what the probe is connected to. */
  void disconnected() {
    connected = false;
    certificateNotAfter = null;
    status = OptionalInt.empty();
    body = null;
  }

  void certificateNotAfter(Instant notAfter) {
    certificateNotAfter = notAfter;
  }

  void status(int code) {
    status = OptionalInt.of(code);
  }

  void body(String text) {
    body = text;
  }

  void dnsRcode(String rcode) {
    dnsRcode = rcode;
  }

  Optional<Instant> certificateNotAfter() {
    return Optional.ofNullable(certificateNotAfter);
  }

  ProbeOutcome succeeded(Clock clock) {
    return new ProbeOutcome(facts(clock, deadline.elapsed()), timings(), Optional.empty(), certificateNotAfter());
  }

  ProbeOutcome failed(Clock clock, ErrorKind kind, String message) {
    return failed(clock, deadline.elapsed(), new ProbeOutcome.Failure(kind, message));
  }

  ProbeOutcome failed(Clock clock, IOException cause) {
    Duration waited = deadline.elapsed(); // before describing the failure: that is not waiting
    return failed(clock, waited, NetworkFailures.describe(cause, this));
  }

  private ProbeOutcome failed(Clock clock, Duration waited, ProbeOutcome.Failure failure) {
    return new ProbeOutcome(facts(clock, waited), timings(), Optional.of(failure), certificateNotAfter());
  }

  private ProbeFacts facts(Clock clock, Duration responseTime) {
    return new ProbeFacts(
        connected,
        responseTime,
        status,
        Optional.ofNullable(body),
        certificateNotAfter().map(notAfter -> Duration.between(clock.instant(), notAfter)),
        Optional.ofNullable(dnsRcode),
        Optional.ofNullable(ip));
  }

  private Timings timings() {
    return new Timings(phase(Phase.DNS), phase(Phase.CONNECT), phase(Phase.TLS), phase(Phase.FIRST_BYTE));
  }

  private Optional<Duration> phase(Phase phase) {
    long nanos = phaseNanos[phase.ordinal()];
    return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }
}

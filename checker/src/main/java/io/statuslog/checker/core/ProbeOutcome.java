package io.statuslog.checker.core;

import io.statuslog.schemas.events.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything one probe measured: the facts conditions are evaluated against, the phases timed
 * apart, why it failed when it could not complete, and the server certificate's expiry.
 */
public record ProbeOutcome(ProbeFacts facts, Timings timings, Optional<Failure> failure, Optional<Instant> certificateExpiresAt) {

  /** The phases of a probe; empty for a phase it did not go through (no TLS over plain HTTP). */
  public record Timings(Optional<Duration> dns, Optional<Duration> connect, Optional<Duration> tls, Optional<Duration> firstByte) {
    public static final Timings NONE = new Timings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Why a probe did not complete: a timeout, a refused connection, a name that does not resolve, a certificate that does not verify. */
  public record Failure(ErrorKind kind, String message) {}

  public static ProbeOutcome failed(ProbeFacts facts, Timings timings, ErrorKind kind, String message) {
    return new ProbeOutcome(facts, timings, Optional.of(new Failure(kind, message)), Optional.empty());
  }
}

package io.statuslog.ingest.core;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import java.time.Instant;
import java.util.Optional;

/**
 * A heartbeat, read from the query of a push URL exactly as Uptime Kuma reads it, so a job
 * written for Kuma works unchanged: {@code status} is up when absent or "up", down otherwise;
 * {@code msg} defaults to "OK"; {@code ping} is optional, in milliseconds, and refused when it is
 * not a number, negative, or over 24 hours. It becomes a result of the push check, recorded in
 * region {@code push} by agent {@code push}, with no spool: a heartbeat is not retried by its
 * sender, and one sent twice is two heartbeats. Pure.
 */
public final class PushBeat {
  public static final String PUSH_AGENT = "push";
  static final long MAX_PING_MS = 86_400_000L;
  static final int MAX_MESSAGE = 500;

  static {
    // Building an event resolves its schema's classes, which Avro refuses until told to trust ours.
    AvroSerde.trustEvents();
  }

  private PushBeat() {}

  /** The result; or, when {@code ping} is not one Kuma takes either, why not. */
  public static CheckResult result(String checkId, String status, String msg, String ping, Instant now, String resultId) {
    // Kuma's `request.query.status || "up"`: an empty status is up, as an absent one is.
    Outcome outcome = status == null || status.isEmpty() || status.equals("up") ? Outcome.UP : Outcome.DOWN;
    return CheckResult.newBuilder()
        .setResultId(resultId)
        .setCheckId(checkId)
        .setRegion(Agent.PUSH_REGION)
        .setAgent(PUSH_AGENT)
        .setStartedAt(now)
        .setDurationMs(pingMs(ping).orElse(0L))
        .setOutcome(outcome)
        .setErrorKind(outcome == Outcome.DOWN ? ErrorKind.OTHER : null)
        .setErrorMessage(message(msg))
        .build();
  }

  /**
   * The ping in whole milliseconds (rounded), empty when not given.
   *
   * @throws IllegalArgumentException when it is given but not a number from 0 to 24 hours
   */
  static Optional<Long> pingMs(String ping) {
    if (ping == null || ping.isEmpty()) {
      return Optional.empty();
    }
    double value;
    try {
      value = Double.parseDouble(ping.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ping must be a number of milliseconds, got \"" + (ping.length() > 40 ? ping.substring(0, 40) + "..." : ping) + "\"");
    }
    if (Double.isNaN(value) || value < 0) {
      throw new IllegalArgumentException("ping must not be negative, got " + ping);
    }
    if (value > MAX_PING_MS) {
      throw new IllegalArgumentException("ping " + ping + " ms is over 24 hours; is it in seconds? ping is in milliseconds");
    }
    return Optional.of(Math.round(value));
  }

  /** The message on one line, without control characters, at most {@link #MAX_MESSAGE} characters. */
  static String message(String msg) {
    String text = msg == null || msg.isEmpty() ? "OK" : msg;
    StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
    text.codePoints().forEach(c -> {
      if (clean.length() < MAX_MESSAGE) {
        clean.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c);
      }
    });
    String line = clean.toString().strip();
    return line.isEmpty() ? "OK" : line;
  }
}

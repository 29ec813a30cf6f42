package io.statuslog.checker.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an operator reads while the spool cannot be delivered (Kafka unreachable, or for an agent,
 * ingest): one line when the outage starts, a summary every {@code summaryEvery} (results
 * waiting, the oldest one's age), and one line when delivery resumes. The Kafka client's own
 * reconnect warnings, several a second, say none of this. Pure: the caller says what happened
 * and when, and logs the lines it gets back.
 */
public final class OutageReport {
  private final String destination;
  private final Duration summaryEvery;
  private Instant started;
  private Instant lastSummary;

  /** {@code destination} names where results go, in every line: "Kafka", "ingest". */
  public OutageReport(String destination, Duration summaryEvery) {
    this.destination = destination;
    this.summaryEvery = summaryEvery;
  }

  /** A delivery attempt failed: the line to log at WARN, if one is due. */
  public synchronized Optional<String> failed(Instant now, String error, long pending, Optional<Instant> oldestPending) {
    if (started == null) {
      started = now;
      lastSummary = now;
      return Optional.of("cannot deliver to " + destination + ", results stay in the spool pending=" + pending + " error=" + error);
    }
    if (Duration.between(lastSummary, now).compareTo(summaryEvery) < 0) {
      return Optional.empty();
    }
    lastSummary = now;
    // "cannot deliver", not "unreachable": an agent's ingest may be up and refusing its token.
    return Optional.of("cannot deliver to " + destination + " for " + seconds(Duration.between(started, now)) + " pending=" + pending
        + oldestPending.map(oldest -> " oldest=" + oldest + " (" + seconds(Duration.between(oldest, now)) + " ago)").orElse("")
        + " error=" + error);
  }

  /** A delivery succeeded: the line to log at INFO when it ends an outage, with what was pending when it did. */
  public synchronized Optional<String> delivered(Instant now, long pending) {
    if (started == null) {
      return Optional.empty();
    }
    Duration outage = Duration.between(started, now);
    started = null;
    return Optional.of("delivering to " + destination + " again after " + seconds(outage) + " pending=" + pending);
  }

  public synchronized boolean inOutage() {
    return started != null;
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + " s";
  }
}

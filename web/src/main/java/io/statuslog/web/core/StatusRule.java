package io.statuslog.web.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns the latest stored result into what the page shows. A check whose last result is older
 * than three intervals (at least two minutes) is UNKNOWN: an old "UP" is not a promise.
 */
public final class StatusRule {
  private static final Duration MIN_FRESHNESS = Duration.ofMinutes(2);

  private StatusRule() {}

  public static Status current(String lastOutcome, Instant lastCheckedAt, Duration interval, Instant now) {
    if (lastOutcome == null || lastCheckedAt == null) {
      return Status.UNKNOWN;
    }
    Duration freshFor = interval == null ? MIN_FRESHNESS : max(interval.multipliedBy(3), MIN_FRESHNESS);
    if (lastCheckedAt.plus(freshFor).isBefore(now)) {
      return Status.UNKNOWN;
    }
    return Status.valueOf(lastOutcome);
  }

  /** Uptime in percent: UP and DEGRADED results count as up; null when there is nothing to count. */
  public static Double uptimePercent(long upOrDegraded, long total) {
    return total == 0 ? null : Math.round(upOrDegraded * 10_000.0 / total) / 100.0;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

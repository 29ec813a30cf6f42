package io.statuslog.web.api;

import io.statuslog.web.core.Status;
import java.time.Instant;
import java.util.List;

/**
 * One public check: its state now and, when it is not UP, why (the conditions its latest probe
 * failed with the values they resolved to, such as {@code [STATUS] (503) == 200}, or the
 * probe's error), uptime over 24 hours and 90 days (percent, null with no data), one entry per
 * day for the uptime bar, and hourly response times for the last day.
 */
public record CheckSummary(
    String id,
    String name,
    String component,
    Status status,
    String reason,
    Instant lastCheckedAt,
    Double uptime24h,
    Double uptime90d,
    List<DayUptime> days,
    List<LatencyPoint> latency24h) {

  public CheckSummary {
    days = days == null ? List.of() : List.copyOf(days);
    latency24h = latency24h == null ? List.of() : List.copyOf(latency24h);
  }

  /** The same check without its day and latency series, for compact listings. */
  public CheckSummary withoutSeries() {
    return new CheckSummary(id, name, component, status, reason, lastCheckedAt, uptime24h, uptime90d, List.of(), List.of());
  }
}

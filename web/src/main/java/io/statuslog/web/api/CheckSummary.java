package io.statuslog.web.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.statuslog.web.core.Status;
import java.time.Instant;
import java.util.List;

/**
 * One public check: its type (http, tcp, dns, tls or push), its state now and, when it is not
 * UP, why (the conditions its latest probe failed with the values they resolved to, such as
 * {@code [STATUS] (503) == 200}, or the probe's error), when its latest result started (for a
 * push check, its last heartbeat), uptime over 24 hours and 90 days (percent, null with no
 * data), its state in each region it is checked from, one entry per day for the uptime bar, and
 * hourly response times for the last day.
 *
 * <p>Unknown fields are ignored when a snapshot file is read back, so a binary rolled back to
 * an older version still reads the snapshot a newer one wrote.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckSummary(
    String id,
    String name,
    String component,
    String type,
    Status status,
    String reason,
    Instant lastCheckedAt,
    Double uptime24h,
    Double uptime90d,
    List<RegionStatus> regions,
    List<DayUptime> days,
    List<LatencyPoint> latency24h) {

  public CheckSummary {
    type = type == null ? "http" : type;
    regions = regions == null ? List.of() : List.copyOf(regions);
    days = days == null ? List.of() : List.copyOf(days);
    latency24h = latency24h == null ? List.of() : List.copyOf(latency24h);
    if (type.equals("push")) {
      // A job that calls its push URL without a ping is recorded at 0 ms: a line at 0 would read as a fast service.
      latency24h = latency24h.stream().filter(point -> point.meanMs() > 0 || (point.p95Ms() != null && point.p95Ms() > 0)).toList();
    }
  }

  /** The same check without its day and latency series, for compact listings. */
  public CheckSummary withoutSeries() {
    return new CheckSummary(id, name, component, type, status, reason, lastCheckedAt, uptime24h, uptime90d, regions, List.of(), List.of());
  }
}

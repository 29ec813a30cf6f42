package io.statuslog.web.api;

import java.time.Instant;
import java.util.List;

/**
 * Everything the public page shows, read from the read model in one go. The web tier serves
 * requests from the newest snapshot it has, never from the database directly, and keeps it on
 * disk: {@code stale} is true when it could not be refreshed, and {@code dataAsOf} says when it
 * was read.
 */
public record Snapshot(Instant dataAsOf, boolean stale, Integer generation, List<CheckSummary> checks, List<Incident> incidents) {
  public Snapshot {
    checks = checks == null ? List.of() : List.copyOf(checks);
    incidents = incidents == null ? List.of() : List.copyOf(incidents);
  }

  public static Snapshot empty() {
    return new Snapshot(null, true, null, List.of(), List.of());
  }

  public Snapshot asStale() {
    return stale ? this : new Snapshot(dataAsOf, true, generation, checks, incidents);
  }
}

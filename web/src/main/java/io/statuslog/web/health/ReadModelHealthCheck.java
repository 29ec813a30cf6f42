package io.statuslog.web.health;

import com.codahale.metrics.health.HealthCheck;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.SnapshotStore;

/**
 * Reports degraded, never dead, while the page serves stale data: the web tier is doing its
 * job (answering with the last good data), so a load balancer must not take it out.
 */
public final class ReadModelHealthCheck extends HealthCheck {
  private final SnapshotStore snapshots;

  public ReadModelHealthCheck(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  protected Result check() {
    Snapshot snapshot = snapshots.current().snapshot();
    return Result.builder()
        .healthy()
        .withMessage(snapshot.stale() ? "DEGRADED: serving stale data as of " + snapshot.dataAsOf() : "fresh")
        .withDetail("stale", snapshot.stale())
        .withDetail("dataAgeSeconds", snapshots.ageSeconds())
        .withDetail("checks", snapshot.checks().size())
        .build();
  }
}

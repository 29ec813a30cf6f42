package io.statuslog.web.resources;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.api.Summary;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.core.StatusPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/summary")
@Produces(MediaType.APPLICATION_JSON)
public final class SummaryResource {
  private final SnapshotStore snapshots;

  public SummaryResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public Summary summary() {
    Snapshot snapshot = snapshots.current().snapshot();
    return new Summary(
        snapshot.dataAsOf(),
        snapshot.stale(),
        StatusPage.overall(snapshot.checks()),
        snapshot.checks().stream().map(CheckSummary::withoutSeries).toList(),
        snapshot.incidents().stream().filter(Incident::open).toList());
  }
}

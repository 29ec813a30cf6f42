package io.statuslog.web.resources;

import io.statuslog.web.core.AtomFeed;
import io.statuslog.web.core.SnapshotStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

@Path("/feed.atom")
@Produces("application/atom+xml;charset=utf-8")
public final class FeedResource {
  private final SnapshotStore snapshots;

  public FeedResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public String feed() {
    return AtomFeed.render(snapshots.current().snapshot());
  }
}

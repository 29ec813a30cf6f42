package io.statuslog.web.resources;

import io.statuslog.web.core.SnapshotStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public final class StatusPageResource {
  private final SnapshotStore snapshots;

  public StatusPageResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public String page() {
    return snapshots.current().html();
  }
}

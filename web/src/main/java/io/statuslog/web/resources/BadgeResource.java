package io.statuslog.web.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.core.Badge;
import io.statuslog.web.core.SnapshotStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

@Path("/badge/{id}.svg")
@Produces("image/svg+xml")
public final class BadgeResource {
  private final SnapshotStore snapshots;

  public BadgeResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public Response badge(@PathParam("id") String id) {
    CheckSummary check = snapshots.current().snapshot().checks().stream()
        .filter(candidate -> candidate.id().equals(id))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("no public check with id '" + id + "'"));
    CacheControl cache = new CacheControl();
    cache.setMaxAge(60);
    return Response.ok(Badge.svg(check)).cacheControl(cache).build();
  }
}

package io.statuslog.web.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.Responses.IncidentsResponse;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.SnapshotStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Predicate;

@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public final class IncidentsResource {
  private final SnapshotStore snapshots;

  public IncidentsResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public IncidentsResponse incidents(@QueryParam("state") String state) {
    Predicate<Incident> filter = switch (state == null ? "" : state) {
      case "" -> incident -> true;
      case "open" -> Incident::open;
      case "resolved" -> incident -> !incident.open();
      default -> throw ProblemException.badRequest("state: must be 'open' or 'resolved', got '" + state + "'");
    };
    Snapshot snapshot = snapshots.current().snapshot();
    return new IncidentsResponse(snapshot.dataAsOf(), snapshot.stale(), snapshot.incidents().stream().filter(filter).toList());
  }
}

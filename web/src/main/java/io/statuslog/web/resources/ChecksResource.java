package io.statuslog.web.resources;

import io.statuslog.http.ProblemException;
import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.DayUptime;
import io.statuslog.web.api.Responses.CheckResponse;
import io.statuslog.web.api.Responses.UptimeResponse;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.core.StatusPage;
import io.statuslog.web.core.StatusRule;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

@Path("/api/v1/checks/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class ChecksResource {
  private final SnapshotStore snapshots;

  public ChecksResource(SnapshotStore snapshots) {
    this.snapshots = snapshots;
  }

  @GET
  public CheckResponse check(@PathParam("id") String id) {
    Snapshot snapshot = snapshots.current().snapshot();
    return new CheckResponse(snapshot.dataAsOf(), snapshot.stale(), find(snapshot, id));
  }

  @GET
  @Path("/uptime")
  public UptimeResponse uptime(@PathParam("id") String id, @QueryParam("days") @DefaultValue("90") String daysParam) {
    int days;
    try {
      days = Integer.parseInt(daysParam);
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest("days: must be a whole number from 1 to " + StatusPage.DAYS + ", got '" + daysParam + "'");
    }
    if (days < 1 || days > StatusPage.DAYS) {
      throw ProblemException.badRequest("days: must be from 1 to " + StatusPage.DAYS + ", got " + days);
    }
    Snapshot snapshot = snapshots.current().snapshot();
    CheckSummary check = find(snapshot, id);
    LocalDate today = snapshot.dataAsOf() == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.ofInstant(snapshot.dataAsOf(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    List<DayUptime> daily = check.days().stream().filter(day -> !day.date().isBefore(first)).toList();
    Double uptime = StatusRule.uptimePercent(
        daily.stream().mapToLong(d -> d.up() + d.degraded()).sum(),
        daily.stream().mapToLong(d -> d.up() + d.down() + d.degraded()).sum());
    return new UptimeResponse(snapshot.dataAsOf(), snapshot.stale(), check.id(), days, uptime, daily);
  }

  private static CheckSummary find(Snapshot snapshot, String id) {
    return snapshot.checks().stream()
        .filter(check -> check.id().equals(id))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("no public check with id '" + id + "'"));
  }
}

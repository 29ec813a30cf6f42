package io.statuslog.web.resources;

import io.statuslog.web.api.Summary;
import io.statuslog.web.core.SummaryService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/summary")
@Produces(MediaType.APPLICATION_JSON)
public final class SummaryResource {
  private final SummaryService summaries;

  public SummaryResource(SummaryService summaries) {
    this.summaries = summaries;
  }

  @GET
  public Summary summary() {
    return summaries.current();
  }
}

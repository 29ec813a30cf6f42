package io.statuslog.web.resources;

import io.statuslog.web.core.StatusPage;
import io.statuslog.web.core.SummaryService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public final class StatusPageResource {
  private final SummaryService summaries;

  public StatusPageResource(SummaryService summaries) {
    this.summaries = summaries;
  }

  @GET
  public String page() {
    return StatusPage.render(summaries.current());
  }
}

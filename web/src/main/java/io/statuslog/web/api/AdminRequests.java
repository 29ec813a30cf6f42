package io.statuslog.web.api;

import java.util.List;

/** Bodies of the admin API's requests. Validated by the resource, field by field. */
public final class AdminRequests {
  private AdminRequests() {}

  public record OpenIncident(String title, String severity, List<String> affectedComponents, String text) {}

  public record PostUpdate(String text, String severity) {}

  public record Resolve(String text) {}
}

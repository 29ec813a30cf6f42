package io.statuslog.web.api;

import java.time.Instant;
import java.util.List;

/** An incident with its updates, newest first. */
public record Incident(
    String id,
    String title,
    String severity,
    String state,
    List<String> affectedComponents,
    Instant openedAt,
    Instant updatedAt,
    Instant resolvedAt,
    List<IncidentUpdate> updates) {

  public Incident {
    affectedComponents = affectedComponents == null ? List.of() : List.copyOf(affectedComponents);
    updates = updates == null ? List.of() : List.copyOf(updates);
  }

  public boolean open() {
    return resolvedAt == null;
  }

  /** One entry of an incident's timeline. */
  public record IncidentUpdate(Instant at, String kind, String severity, String text) {}
}

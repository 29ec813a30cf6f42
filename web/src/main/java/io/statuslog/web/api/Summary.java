package io.statuslog.web.api;

import java.time.Instant;
import java.util.List;

/** GET /api/v1/summary: the overall state and every public check (without their series). */
public record Summary(Instant dataAsOf, boolean stale, String overall, List<CheckSummary> checks, List<Incident> activeIncidents) {}

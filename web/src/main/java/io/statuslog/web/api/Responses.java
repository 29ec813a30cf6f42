package io.statuslog.web.api;

import java.time.Instant;
import java.util.List;

/** The JSON envelopes of the read API: every response says how fresh its data is. */
public final class Responses {
  private Responses() {}

  public record CheckResponse(Instant dataAsOf, boolean stale, CheckSummary check) {}

  public record UptimeResponse(Instant dataAsOf, boolean stale, String checkId, int days, Double uptime, List<DayUptime> daily) {}

  public record IncidentsResponse(Instant dataAsOf, boolean stale, List<Incident> incidents) {}

  /** What the admin API answers once Kafka has acknowledged the event. */
  public record Written(String incidentId, String eventId, String topic, int partition, long offset) {}
}

package io.statuslog.web.api;

import io.statuslog.web.core.Status;
import java.time.Instant;

/** One check as the public sees it. {@code uptime24h} is a percentage, null with no data. */
public record CheckSummary(
    String id, String name, String component, Status status, Instant lastCheckedAt, Double uptime24h) {}

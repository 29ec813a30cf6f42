package io.statuslog.web.api;

import java.time.Instant;

/** Response time of one check in one hour: mean and 95th percentile (its bucket's bound, never above the longest probe; null if unknown). */
public record LatencyPoint(Instant hour, long meanMs, Long p95Ms) {}

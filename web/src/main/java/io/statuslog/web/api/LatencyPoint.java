package io.statuslog.web.api;

import java.time.Instant;

/** Response time of one check in one hour: mean and 95th percentile (bucket bound; null if unknown). */
public record LatencyPoint(Instant hour, long meanMs, Long p95Ms) {}

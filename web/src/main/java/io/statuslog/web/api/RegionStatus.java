package io.statuslog.web.api;

import io.statuslog.web.core.Status;
import java.time.Instant;

/**
 * A check as seen from one region (a checker's, a remote agent's, or {@code push} for a push
 * check's heartbeats): the status of its latest result there, and when that result started. A
 * check down in one region and up in the others shows here which one it is.
 */
public record RegionStatus(String region, Status status, Instant lastCheckedAt) {}

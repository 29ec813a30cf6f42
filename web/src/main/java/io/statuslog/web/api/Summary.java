package io.statuslog.web.api;

import java.time.Instant;
import java.util.List;

/**
 * The status of every public check. {@code stale} is true when the read model could not be
 * read and this is the last good data, as of {@code dataAsOf}.
 */
public record Summary(Instant dataAsOf, boolean stale, List<CheckSummary> checks) {}

package io.statuslog.web.core;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Summary;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the summary, and keeps the last good one: when the read model cannot be read, the page
 * shows that instead (marked stale, with its time) rather than an error.
 */
public final class SummaryService {
  private static final Logger LOG = LoggerFactory.getLogger(SummaryService.class);

  /** Where fresh data comes from; throws when it cannot be read. */
  @FunctionalInterface
  public interface Source {
    Read publicChecks(Instant now) throws Exception;
  }

  /** What a source read, and whether it came from the live generation (else it may lag). */
  public record Read(List<CheckSummary> checks, boolean live) {}

  private final Source source;
  private final Clock clock;
  private final AtomicReference<Summary> lastGood = new AtomicReference<>();

  public SummaryService(Source source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  public Summary current() {
    Instant now = clock.instant();
    try {
      Read read = source.publicChecks(now);
      Summary fresh = new Summary(now, !read.live(), List.copyOf(read.checks()));
      lastGood.set(fresh);
      return fresh;
    } catch (Exception e) {
      LOG.warn("read model unavailable, serving last good data error={}", e.toString());
      Summary last = lastGood.get();
      return last == null ? new Summary(null, true, List.of()) : new Summary(last.dataAsOf(), true, last.checks());
    }
  }
}

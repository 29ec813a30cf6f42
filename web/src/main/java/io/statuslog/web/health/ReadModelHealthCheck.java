package io.statuslog.web.health;

import com.codahale.metrics.health.HealthCheck;
import io.statuslog.web.api.Summary;
import io.statuslog.web.core.SummaryService;

/**
 * Healthy while the read model answers. When it does not, the page still serves the last good
 * data, so this reports the degradation without ever throwing.
 */
public final class ReadModelHealthCheck extends HealthCheck {
  private final SummaryService summaries;

  public ReadModelHealthCheck(SummaryService summaries) {
    this.summaries = summaries;
  }

  @Override
  protected Result check() {
    Summary summary = summaries.current();
    return summary.stale()
        ? Result.unhealthy("serving stale data as of %s", summary.dataAsOf())
        : Result.healthy("read model fresh, %d checks", summary.checks().size());
  }
}

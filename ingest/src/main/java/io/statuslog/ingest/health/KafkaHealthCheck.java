package io.statuslog.ingest.health;

import com.codahale.metrics.health.HealthCheck;
import io.statuslog.ingest.kafka.LogView;
import io.statuslog.ingest.kafka.ResultWriter;
import java.util.concurrent.TimeUnit;

/**
 * Healthy while ingest can read the log (it reads the agents and definitions topics to their
 * end, as a request would) and Kafka acknowledged its last write, if any. Never throws.
 */
public final class KafkaHealthCheck extends HealthCheck {
  private final LogView view;
  private final ResultWriter writer;

  public KafkaHealthCheck(LogView view, ResultWriter writer) {
    this.view = view;
    this.writer = writer;
  }

  @Override
  protected Result check() {
    try {
      view.caughtUp().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Result.unhealthy("cannot read the log: " + (e.getCause() == null ? e : e.getCause()));
    }
    return writer.lastFailure()
        .map(failure -> Result.unhealthy("the last write failed: " + failure))
        .orElseGet(() -> Result.healthy("reads the log; writes as " + writer.clientId()));
  }
}

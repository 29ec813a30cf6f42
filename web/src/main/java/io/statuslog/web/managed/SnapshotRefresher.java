package io.statuslog.web.managed;

import io.dropwizard.lifecycle.Managed;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.db.GenerationLocator;
import io.statuslog.web.db.SnapshotDao;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a fresh snapshot from the live generation every few seconds. A failure (database down,
 * generation missing or of a version this code does not understand, a slow query) is logged
 * once per outage and changes nothing but the staleness of what is served.
 */
public final class SnapshotRefresher implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRefresher.class);

  private final GenerationLocator generations;
  private final SnapshotDao dao;
  private final SnapshotStore store;
  private final Duration every;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("snapshot-refresher").daemon().factory());
  private volatile boolean failing;

  public SnapshotRefresher(GenerationLocator generations, SnapshotDao dao, SnapshotStore store, Duration every, Clock clock) {
    this.generations = generations;
    this.dao = dao;
    this.store = store;
    this.every = every;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads once now; for the scheduler and for tests. */
  public void refresh() {
    try {
      store.accept(dao.read(generations.current(), clock.instant()));
      if (failing) {
        LOG.info("read model readable again; serving fresh data");
        failing = false;
      }
    } catch (Exception e) {
      generations.invalidate();
      store.refreshFailed();
      if (!failing) {
        LOG.warn("read model unavailable, serving the last good snapshot error={}", e.toString());
        failing = true;
      }
    }
  }

  @Override
  public void stop() {
    timer.shutdownNow();
  }
}

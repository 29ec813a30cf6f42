package io.statuslog.projector.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often something that died may be restarted: at most {@code restarts} within
 * {@code window}. A projector thread that dies once (a bug met by one record, an error thrown
 * past every handler) is started again; one that keeps dying takes the process down with it,
 * so a supervisor (systemd, Kubernetes, Docker) sees the failure instead of a zombie. Pure.
 */
public final class RestartBudget {
  private final int restarts;
  private final Duration window;
  private final Deque<Instant> deaths = new ArrayDeque<>();

  public RestartBudget(int restarts, Duration window) {
    this.restarts = restarts;
    this.window = window;
  }

  /** Records a death; true when a restart is still within budget. */
  public synchronized boolean died(Instant at) {
    deaths.addLast(at);
    while (!deaths.isEmpty() && deaths.peekFirst().isBefore(at.minus(window))) {
      deaths.removeFirst();
    }
    return deaths.size() <= restarts;
  }
}

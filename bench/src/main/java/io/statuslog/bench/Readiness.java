package io.statuslog.bench;

import java.time.Duration;

/** A readiness check: true when ready, false or an exception (the reason, reported on time-out) when not. */
@FunctionalInterface
public interface Readiness {
  boolean ready() throws Exception;

  /** A step taken between two tries: restart what died, or fail at once when that cannot end well. */
  @FunctionalInterface
  interface BetweenTries {
    void run() throws Exception;
  }

  /** Asks {@code readiness} every half second until it is ready, for at most {@code within}. */
  static void await(String what, Duration within, Readiness readiness, BetweenTries betweenTries) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String lastReason = "not ready";
    while (true) {
      try {
        if (readiness.ready()) {
          return;
        }
      } catch (Exception e) {
        lastReason = e.toString();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " not ready within " + within.toMinutes() + " min: " + lastReason);
      }
      betweenTries.run();
      Thread.sleep(500);
    }
  }
}

package io.statuslog.checker.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt after failures in a row: {@code first}, doubling
 * each time, never more than {@code cap}. With jitter {@code j} a wait is cut by a random share
 * of up to {@code j} of it, so agents cut off by the same outage do not all come back in the
 * same second. Pure: the random source is given.
 */
public final class Backoff {
  private final Duration first;
  private final Duration cap;
  private final double jitter;
  private final DoubleSupplier random;
  private int failures;

  /**
   * @param jitter the largest share of a wait taken off at random, 0 (none) to 1
   * @param random values in [0, 1)
   */
  public Backoff(Duration first, Duration cap, double jitter, DoubleSupplier random) {
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
    this.first = first;
    this.cap = cap;
    this.jitter = jitter;
    this.random = random;
  }

  /** The wait after one more failure. */
  public synchronized Duration next() {
    // Doubling stops at the cap; past 2^20 the shift would only overflow.
    long millis = Math.min(cap.toMillis(), first.toMillis() << Math.min(failures, 20));
    failures++;
    return Duration.ofMillis(Math.round(millis * (1 - jitter * random.getAsDouble())));
  }

  /** An attempt succeeded: the next failure waits {@code first} again. */
  public synchronized void reset() {
    failures = 0;
  }
}

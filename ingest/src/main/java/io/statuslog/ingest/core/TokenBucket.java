package io.statuslog.ingest.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A token bucket: it holds up to {@code burst} tokens, gains {@code perSecond} of them every
 * second, and a request of {@code n} takes {@code n} or, when fewer are there, takes nothing and
 * learns how long until there will be. Time is given, in nanoseconds of any monotonic clock, so
 * it is tested without waiting. Thread-safe.
 */
public final class TokenBucket {
  private final double perNano;
  private final long burst;
  private double tokens;
  private long lastNanos;

  /** A full bucket at {@code nowNanos}. */
  public TokenBucket(double perSecond, long burst, long nowNanos) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /**
   * Takes {@code n} tokens if there are that many; otherwise takes none and returns how long
   * until there will be (at least a millisecond). A request larger than the burst is refused:
   * it could never pass.
   */
  public synchronized Optional<Duration> take(long n, long nowNanos) {
    if (n > burst) {
      throw new IllegalArgumentException("a request of " + n + " is larger than the burst of " + burst);
    }
    if (nowNanos > lastNanos) {
      tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
      lastNanos = nowNanos;
    }
    if (tokens >= n) {
      tokens -= n;
      return Optional.empty();
    }
    long waitNanos = (long) Math.ceil((n - tokens) / perNano);
    return Optional.of(Duration.ofNanos(Math.max(waitNanos, 1_000_000)));
  }
}

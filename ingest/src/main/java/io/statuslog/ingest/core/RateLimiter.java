package io.statuslog.ingest.core;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (an agent's name, a push check's id), made full on first use.
 * Limits are per ingest instance: behind a load balancer of n instances, an agent may reach n
 * times its rate. The keys are the agents and push checks that exist, so the map stays small.
 */
public final class RateLimiter {
  private final double perSecond;
  private final long burst;
  private final LongSupplier nanoTime;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double perSecond, long burst, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** Empty when {@code key} may go on with a cost of {@code n}; otherwise how long to wait before trying again. */
  public Optional<Duration> take(String key, long n) {
    long now = nanoTime.getAsLong();
    return buckets.computeIfAbsent(key, k -> new TokenBucket(perSecond, burst, now)).take(n, now);
  }

  /** Seconds for a Retry-After header: whole, rounded up, at least 1. */
  public static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }
}

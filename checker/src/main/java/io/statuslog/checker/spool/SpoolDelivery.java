package io.statuslog.checker.spool;

import io.statuslog.checker.core.Backoff;
import io.statuslog.checker.core.OutageReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the spool to its {@link Destination}, oldest first, one batch at a time, on one thread.
 * The spool's position moves only to what the destination says it holds (or set aside for
 * good), so a result is never dropped on the way: after any failure or restart delivery goes
 * on from the position, and a destination that keeps its own position (Kafka) may move it
 * further when it connects, never back.
 *
 * <p>A failed attempt is retried after a backoff, or after the wait the destination asks for;
 * the outage it starts is logged as an outage (one line, a summary a minute, one line when
 * delivery resumes), not once per attempt. A {@link Destination.Fatal} failure stops delivery
 * for good and fails {@link #fatal()}: the results stay in the spool.
 */
public final class SpoolDelivery implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolDelivery.class);
  private static final Duration OUTAGE_SUMMARY_EVERY = Duration.ofMinutes(1);
  private static final Duration IDLE_WAIT = Duration.ofMillis(200);
  private static final Duration PACE_REPORT_EVERY = Duration.ofMinutes(1);

  private final ResultSpool spool;
  private final Destination destination;
  private final String agent;
  private final Backoff backoff;
  private final Clock clock;
  private final OutageReport outage;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CompletableFuture<Void> fatal = new CompletableFuture<>();
  private Instant lastPaceReport = Instant.MIN;

  public SpoolDelivery(ResultSpool spool, Destination destination, String agent, Backoff backoff, Clock clock) {
    this.spool = spool;
    this.destination = destination;
    this.agent = agent;
    this.backoff = backoff;
    this.clock = clock;
    this.outage = new OutageReport(destination.name(), OUTAGE_SUMMARY_EVERY);
  }

  /** Completes exceptionally when delivery stopped for a reason a retry cannot fix. */
  public CompletableFuture<Void> fatal() {
    return fatal;
  }

  @Override
  public void run() {
    LOG.info("delivering to {} from seq={} agent={} spool={} pending={}", destination.name(), spool.delivered() + 1, agent, spool.id(), spool.pending());
    try (destination) {
      while (!stopped()) {
        try {
          destination.prepare().ifPresent(this::resumeFrom);
          long waiting = spool.pending(); // said when an outage ends: what it left behind, not what the first batch left
          List<ResultSpool.Entry> batch = spool.readAfter(spool.delivered(), destination.maxBatch(), IDLE_WAIT);
          if (!batch.isEmpty()) {
            spool.markDelivered(destination.deliver(batch));
          }
          backoff.reset();
          outage.delivered(clock.instant(), waiting).ifPresent(LOG::info);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Destination.Throttled e) {
          // It answered: whatever outage there was is over, and a pace is no failure.
          outage.delivered(clock.instant(), spool.pending()).ifPresent(LOG::info);
          reportPace(e);
          if (!pause(e.after())) {
            return;
          }
        } catch (Destination.Fatal e) {
          LOG.error("delivery stopped agent={} spool={} pending={}: {}", agent, spool.id(), spool.pending(), e.getMessage());
          fatal.completeExceptionally(new IllegalStateException(e.getMessage(), e));
          return;
        } catch (RuntimeException e) {
          if (stopped()) {
            return;
          }
          outage.failed(clock.instant(), e.toString(), spool.pending(), oldestPending()).ifPresent(line -> LOG.warn("{} agent={} spool={}", line, agent, spool.id()));
          Duration wait = e instanceof Destination.RetryAfter retry ? retry.after() : backoff.next();
          if (!pause(wait)) {
            return;
          }
        }
      }
    }
  }

  /** At most a line a minute: while catching up after an outage, every other batch may be paced. */
  private void reportPace(Destination.Throttled throttled) {
    Instant now = clock.instant();
    if (Duration.between(lastPaceReport, now).compareTo(PACE_REPORT_EVERY) >= 0) {
      lastPaceReport = now;
      LOG.info("{} pending={} agent={} spool={}", throttled.getMessage(), spool.pending(), agent, spool.id());
    }
  }

  /** The destination may know a later position than the spool (a crash between its commit and the disk), or none. */
  private void resumeFrom(long known) {
    long onDisk = spool.delivered();
    if (known > onDisk) {
      LOG.info("spool position behind {}'s, taking {}'s spool={} disk={} {}={}", destination.name(), destination.name(), spool.id(), onDisk, destination.name(), known);
      spool.markDelivered(known);
    }
  }

  private Optional<Instant> oldestPending() {
    try {
      return spool.readAfter(spool.delivered(), 1, Duration.ZERO).stream().findFirst().map(entry -> entry.result().getStartedAt());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Sleeps out a wait, or less when stopped; false when delivery should end. */
  private boolean pause(Duration wait) {
    try {
      return !stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean stopped() {
    return stopped.getCount() == 0;
  }

  /** True while the destination cannot be reached: a stopping checker need not wait for delivery then. */
  public boolean inOutage() {
    return outage.inOutage();
  }

  public void stop() {
    stopped.countDown();
  }
}

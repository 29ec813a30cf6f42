package io.statuslog.checker.spool;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link SpoolDelivery} moves the spool: Kafka for a checker inside the cluster, ingest
 * over HTTP for an agent outside it. The delivery loop owns what both share (reading the spool
 * in order, recording the position, backoff, the outage report); a destination owns only how a
 * batch gets there and what it knows about the position.
 *
 * <p>Any {@link RuntimeException} from a destination is a failure to retry after a backoff
 * (or after {@link RetryAfter#after()}); {@link Throttled} is no failure, only a pace to keep;
 * {@link Fatal} stops delivery for good.
 */
public interface Destination extends AutoCloseable {
  /** Names the destination in log lines: "Kafka", "ingest". */
  String name();

  /**
   * Called before every batch: (re)connects when the last attempt left it disconnected and
   * returns the highest sequence number the destination itself knows it holds, when it keeps
   * one (Kafka does, committed with each batch) and has just connected; empty otherwise.
   */
  Optional<Long> prepare() throws InterruptedException;

  /** The most results to hand {@link #deliver} at once. */
  int maxBatch();

  /**
   * Delivers the first results of {@code batch} (oldest first, after the spool's position), at
   * least one unless it throws, and returns the highest sequence number the destination now
   * holds or that was set aside for good. The spool's position moves there, so a destination
   * returns a number only once the results up to it are safe. Returning the position before
   * the batch (no progress) asks to be called again at once, with what it learnt (a smaller
   * batch, say).
   */
  long deliver(List<ResultSpool.Entry> batch) throws InterruptedException;

  @Override
  void close();

  /** A failure a retry cannot fix (another installation took our identity): delivery stops, the results stay spooled. */
  final class Fatal extends RuntimeException {
    public Fatal(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A failure to retry no sooner than {@link #after()}: a rate limit's Retry-After, or a token an operator must fix. */
  final class RetryAfter extends RuntimeException {
    private final Duration after;

    public RetryAfter(String message, Duration after) {
      super(message);
      this.after = after;
    }

    public Duration after() {
      return after;
    }

    /** The reason alone: it goes into the outage lines. */
    @Override
    public String toString() {
      return getMessage();
    }
  }

  /**
   * The destination took nothing and asks for the same batch again after {@link #after()}: a
   * rate limit. Not an outage (it answered), so it is not reported as one.
   */
  final class Throttled extends RuntimeException {
    private final Duration after;

    public Throttled(String message, Duration after) {
      super(message);
      this.after = after;
    }

    public Duration after() {
      return after;
    }
  }

  /** A failure to retry after the usual backoff, its message said as it is (an answer, not an exception class). */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}

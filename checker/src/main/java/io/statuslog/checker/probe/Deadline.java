package io.statuslog.checker.probe;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One probe's time budget. Every blocking step (resolve, connect, handshake, each read) waits at
 * most what is left of it, so a probe that times out has waited the timeout and not a multiple of
 * it, and says so in its response time.
 */
final class Deadline {
  private final long startNanos;
  private final long endNanos;
  private final Duration timeout;

  private Deadline(long startNanos, Duration timeout) {
    this.startNanos = startNanos;
    this.endNanos = startNanos + timeout.toNanos();
    this.timeout = timeout;
  }

  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime(), timeout);
  }

  Duration timeout() {
    return timeout;
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  long remainingNanos() {
    return endNanos - System.nanoTime();
  }

  /**
   * What is left, in whole milliseconds rounded up, for a socket timeout; at least 1 because 0
   * means "wait forever" to a socket.
   *
   * @throws SocketTimeoutException when nothing is left, as the socket itself would have
   */
  int remainingMillis() throws SocketTimeoutException {
    long nanos = remainingNanos();
    if (nanos <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
  }
}

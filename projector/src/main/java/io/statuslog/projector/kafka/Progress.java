package io.statuslog.projector.kafka;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Throughput, lag and ETA of one projector loop, logged every so often while there is work. */
final class Progress {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  /** What a committed batch cost, for the progress line. */
  record Written(int events, long writeNanos) {
    static final Written NOTHING = new Written(0, 0);
  }

  private final int generationId;
  private final Duration every;
  private long events;
  private long total;
  private long pollNanos;
  private long decodeNanos;
  private long writeNanos;
  private long windowStart = System.nanoTime();

  Progress(int generationId, Duration every) {
    this.generationId = generationId;
    this.every = every;
  }

  void add(long poll, long decode, Written written) {
    events += written.events();
    total += written.events();
    pollNanos += poll;
    decodeNanos += decode;
    writeNanos += written.writeNanos();
  }

  boolean due() {
    return Duration.ofNanos(System.nanoTime() - windowStart).compareTo(every) >= 0;
  }

  void report(long lag) {
    long now = System.nanoTime();
    Duration elapsed = Duration.ofNanos(now - windowStart);
    if (events > 0) {
      double rate = events / Math.max(elapsed.toMillis() / 1000.0, 0.001);
      String eta = rate > 0 && lag > 0 ? Duration.ofSeconds((long) Math.ceil(lag / rate)).toString() : "PT0S";
      LOG.info("projector progress generation={} events={} total={} rate={}/s lag={} eta={} pollMs={} decodeMs={} writeMs={}",
          generationId, events, total, Math.round(rate), lag, eta, pollNanos / 1_000_000, decodeNanos / 1_000_000, writeNanos / 1_000_000);
    }
    events = 0;
    pollNanos = 0;
    decodeNanos = 0;
    writeNanos = 0;
    windowStart = now;
  }
}

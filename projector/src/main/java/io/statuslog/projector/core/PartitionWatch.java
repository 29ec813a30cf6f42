package io.statuslog.projector.core;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * Partitions added to a topic while the projector runs are projected from their first offset,
 * without a restart: every {@code every} the loop compares the partitions the log has with those
 * it reads. Kafka never removes a partition, so only additions matter. Pure.
 */
public final class PartitionWatch {
  private final long everyNanos;
  private long lastLook;

  public PartitionWatch(Duration every, long nowNanos) {
    this.everyNanos = every.toNanos();
    this.lastLook = nowNanos;
  }

  /** True when it is time to look again; the look counts from now. */
  public boolean due(long nowNanos) {
    if (nowNanos - lastLook < everyNanos) {
      return false;
    }
    lastLook = nowNanos;
    return true;
  }

  /** The partitions the log has that the loop does not read yet. */
  public static Set<LogPartition> added(Set<LogPartition> read, Set<LogPartition> present) {
    Set<LogPartition> added = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
    added.addAll(present);
    added.removeAll(read);
    return added;
  }
}

package io.statuslog.projector.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a result seen for the first time from a copy of one already counted: a retried batch, a
 * spool delivered again after a crash, an agent retrying after a timeout. Every result a spool
 * numbers carries the spool's id and a sequence number that only grows, and a spool delivers in
 * order, so within one log partition the results of one spool arrive in increasing order, and a
 * copy is a result whose number is not above the highest already counted from its spool in that
 * partition. The state is one number per spool and partition, stored with the generation's
 * offsets in the same transaction; replaying the log reaches the same decisions in every
 * generation.
 *
 * <p>Results no spool numbered (older schema versions, or a null spool id) are always counted.
 * Pure, and not thread-safe: the projector loop's thread owns it.
 */
public final class Duplicates {
  /** The highest sequence counted from one spool in one partition. */
  public record Mark(String spoolId, LogPartition partition) {}

  /** One spool's highest counted number in one partition, and whether it moved in this batch. */
  private static final class Highest {
    long sequence;
    long batch = -1;

    Highest(long sequence) {
      this.sequence = sequence;
    }
  }

  private final Map<LogPartition, Map<String, Highest>> byPartition = new HashMap<>();
  private final List<Mark> moved = new ArrayList<>();
  private long batch;

  /** Starts from the highest numbers a generation has stored. */
  public Duplicates(Map<Mark, Long> stored) {
    stored.forEach((mark, sequence) -> byPartition.computeIfAbsent(mark.partition(), p -> new HashMap<>()).put(mark.spoolId(), new Highest(sequence)));
  }

  /** The spools of one partition: look it up once per partition, not once per record. */
  public Partition in(LogPartition partition) {
    return new Partition(partition, byPartition.computeIfAbsent(partition, p -> new HashMap<>()));
  }

  /** Counts each result of one partition once. */
  public final class Partition {
    private final LogPartition partition;
    private final Map<String, Highest> spools;

    private Partition(LogPartition partition, Map<String, Highest> spools) {
      this.partition = partition;
      this.spools = spools;
    }

    /** True when the result is counted for the first time; false for a copy. */
    public boolean firstSeen(String spoolId, long sequence) {
      if (spoolId == null) {
        return true;
      }
      Highest highest = spools.get(spoolId);
      if (highest == null) {
        highest = new Highest(Long.MIN_VALUE);
        spools.put(spoolId, highest);
      }
      if (sequence <= highest.sequence) {
        return false;
      }
      highest.sequence = sequence;
      if (highest.batch != batch) {
        highest.batch = batch;
        moved.add(new Mark(spoolId, partition));
      }
      return true;
    }
  }

  /** The numbers that moved since the last call: what the batch being decoded must store. */
  public Map<Mark, Long> endBatch() {
    Map<Mark, Long> changed = new HashMap<>(moved.size() * 2);
    for (Mark mark : moved) {
      changed.put(mark, byPartition.get(mark.partition()).get(mark.spoolId()).sequence);
    }
    moved.clear();
    batch++;
    return changed;
  }
}

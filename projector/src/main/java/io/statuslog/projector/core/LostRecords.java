package io.statuslog.projector.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records a generation needed that the log no longer holds. Statuslog's topics keep every
 * record, so a position below a partition's first offset means records were deleted (retention
 * set on the topic, a topic deleted and made again): the generation cannot hold what the log
 * held, and carrying on from the first offset would hide the gap for good.
 */
public final class LostRecords {
  private LostRecords() {}

  /** Offsets {@code from} (inclusive) to {@code to} (exclusive) of one partition are gone. */
  public record Gap(LogPartition partition, long from, long to) {
    public long count() {
      return to - from;
    }

    @Override
    public String toString() {
      return partition + " offsets " + from + ".." + (to - 1) + " (" + count() + " records)";
    }
  }

  /** The gaps between where a generation stands and where each partition now starts. */
  public static List<Gap> between(Map<LogPartition, Long> wanted, Map<LogPartition, Long> logStart) {
    List<Gap> gaps = new ArrayList<>();
    wanted.forEach((partition, position) -> {
      long start = logStart.getOrDefault(partition, position);
      if (start > position) {
        gaps.add(new Gap(partition, position, start));
      }
    });
    gaps.sort((a, b) -> a.partition().toString().compareTo(b.partition().toString()));
    return gaps;
  }
}

package io.statuslog.projector.core;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How many records of each partition a generation has not projected yet. */
public record Lag(Map<LogPartition, Long> behind) {
  public Lag {
    Map<LogPartition, Long> sorted = new TreeMap<>(Comparator.comparing(LogPartition::toString));
    sorted.putAll(behind);
    behind = Collections.unmodifiableMap(sorted);
  }

  /**
   * A partition with no stored offset has projected nothing. Doctor reads the end offsets before
   * the stored ones, so a projector running meanwhile may have passed them: that is no lag, not
   * a negative one.
   */
  public static Lag between(Map<LogPartition, Long> endOffsets, Map<LogPartition, Long> stored) {
    Map<LogPartition, Long> behind = new HashMap<>();
    endOffsets.forEach((partition, end) -> behind.put(partition, Math.max(0, end - stored.getOrDefault(partition, 0L))));
    return new Lag(behind);
  }

  public long total() {
    return behind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** "topic-0=3 topic-2=5": the partitions that are behind, in order. */
  public String partitionsBehind() {
    return behind.entrySet().stream()
        .filter(entry -> entry.getValue() > 0)
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining(" "));
  }
}

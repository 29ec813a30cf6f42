package io.statuslog.bench.scale;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ResultLog;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The results topic counted as the promise says: read_committed (an aborted transaction holds
 * no results), each result id once, per check; as the chaos drill's Census counts it.
 */
record LogCount(Map<String, Long> results, Map<String, Long> noAnswer, long duplicates, long notUp) {
  static LogCount read(KafkaSettings kafka) {
    Map<String, Long> results = new HashMap<>();
    Map<String, Long> noAnswer = new HashMap<>();
    Set<String> seen = new HashSet<>();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong notUp = new AtomicLong();
    ResultLog.forEach(kafka, result -> {
      if (!seen.add(result.getResultId())) {
        duplicates.incrementAndGet();
        return;
      }
      results.merge(result.getCheckId(), 1L, Long::sum);
      if (result.getHttpStatus() == null) {
        noAnswer.merge(result.getCheckId(), 1L, Long::sum);
      }
      if (result.getOutcome() != Outcome.UP) {
        notUp.incrementAndGet();
      }
    });
    return new LogCount(results, noAnswer, duplicates.get(), notUp.get());
  }

  long total() {
    return results.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Probes the target answered whose result is not in the log, per check and summed. (The log
   * may hold more than the target counted only by results without an HTTP answer: a probe that
   * timed out before the target read its request.)
   */
  long lost(Map<String, Long> answered) {
    long lost = 0;
    for (Map.Entry<String, Long> entry : answered.entrySet()) {
      lost += Math.max(0, entry.getValue() - results.getOrDefault(entry.getKey(), 0L));
    }
    return lost;
  }

  /** Results in the log beyond what the target answered that no missing answer explains. */
  long unexplained(Map<String, Long> answered) {
    long extra = 0;
    for (Map.Entry<String, Long> entry : results.entrySet()) {
      long beyond = entry.getValue() - answered.getOrDefault(entry.getKey(), 0L);
      extra += Math.max(0, beyond - noAnswer.getOrDefault(entry.getKey(), 0L));
    }
    return extra;
  }
}

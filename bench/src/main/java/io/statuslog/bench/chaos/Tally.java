package io.statuslog.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The drill's verdict, per check: probes the target answered, results in the log, results the
 * live generation counts. The generation must count exactly what the log holds, and the log
 * must hold every answered probe but those in flight when the checker was SIGKILLed: at most one
 * per check per kill (a check never has two probes out at once).
 *
 * <p>The other way round, the log may hold a result the target never counted only if that probe
 * got no answer: a probe that timed out before its request was read (a starved checker, say) is
 * a true result, of a request the target never saw. So {@code answered - inLog} must lie
 * between {@code -noAnswer} and the kills.
 */
record Tally(List<Row> rows, int checkerKills) {

  record Row(String check, long answered, long inLog, long inGeneration, long duplicates, long noAnswer) {
    /** Answered by the target but not in the log. */
    long missing() {
      return answered - inLog;
    }
  }

  static Tally of(Map<String, Long> answered, Census.InLog log, Map<String, Long> generation, int checkerKills) {
    TreeSet<String> checks = new TreeSet<>(answered.keySet());
    checks.addAll(log.results().keySet());
    checks.addAll(generation.keySet());
    List<Row> rows = new ArrayList<>();
    for (String check : checks) {
      rows.add(new Row(check, answered.getOrDefault(check, 0L), log.results().getOrDefault(check, 0L), generation.getOrDefault(check, 0L),
          log.duplicates().getOrDefault(check, 0L), log.noAnswer().getOrDefault(check, 0L)));
    }
    return new Tally(List.copyOf(rows), checkerKills);
  }

  Row total() {
    return new Row("total", sum(Row::answered), sum(Row::inLog), sum(Row::inGeneration), sum(Row::duplicates), sum(Row::noAnswer));
  }

  private long sum(java.util.function.ToLongFunction<Row> field) {
    return rows.stream().mapToLong(field).sum();
  }

  /** Every broken promise, in one line naming the checks; empty when every count agrees. */
  Optional<String> failure() {
    List<String> broken = new ArrayList<>();
    broken(broken, "result ids twice in the log", row -> row.duplicates() > 0, row -> row.duplicates() + " twice");
    broken(broken, "live generation differs from the log", row -> row.inGeneration() != row.inLog(),
        row -> row.inGeneration() + " counted, " + row.inLog() + " in the log");
    broken(broken, "results in the log the target never saw, beyond probes that got no answer", row -> -row.missing() > row.noAnswer(),
        row -> -row.missing() + " more, " + row.noAnswer() + " without answer");
    broken(broken, "probes answered but not in the log, beyond " + checkerKills + " in flight at " + checkerKills + " checker SIGKILL(s)",
        row -> row.missing() > checkerKills, row -> row.missing() + " missing");
    return broken.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", broken));
  }

  private void broken(List<String> broken, String promise, Predicate<Row> isBroken, Function<Row, String> how) {
    List<String> checks = rows.stream().filter(isBroken).map(row -> row.check() + " (" + how.apply(row) + ")").toList();
    if (!checks.isEmpty()) {
      broken.add(promise + ": " + String.join(", ", checks));
    }
  }

  String table() {
    StringBuilder out = new StringBuilder();
    String format = "%-12s %10s %10s %14s %9s %11s %10s%n";
    out.append(format.formatted("check", "answered", "in log", "in generation", "missing", "duplicates", "no answer"));
    for (Row row : rows) {
      out.append(line(format, row));
    }
    out.append(line(format, total()));
    return out.toString();
  }

  private static String line(String format, Row row) {
    return format.formatted(row.check(), row.answered(), row.inLog(), row.inGeneration(), row.missing(), row.duplicates(), row.noAnswer());
  }
}

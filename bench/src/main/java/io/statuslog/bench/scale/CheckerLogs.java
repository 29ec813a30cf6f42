package io.statuslog.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the checker says about itself: its once-a-minute schedule line, and its GC log. */
final class CheckerLogs {
  private static final Pattern SCHEDULE = Pattern.compile("checker schedule checks=(\\d+) probes=(\\d+) p50=(\\d+)ms p99=(\\d+)ms max=(\\d+)ms");
  private static final Pattern GC_PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");
  private static final Pattern HEAP_MAX = Pattern.compile("Heap Max Capacity: (\\d+)([MG])");
  private static final Pattern COLLECTOR = Pattern.compile("\\] Using (\\S+)");
  private static final DateTimeFormatter GC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private CheckerLogs() {}

  /** One minute of the checker's ScheduleLag, as it logged it. */
  record Minute(Instant at, long checks, long probes, long p50, long p99, long max) {}

  /** The schedule lines logged in [from, to]: the minutes that lie in the window. */
  static List<Minute> scheduleLines(Path log, Instant from, Instant to) throws IOException {
    List<Minute> minutes = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = SCHEDULE.matcher(line);
      if (!m.find()) {
        continue;
      }
      Instant at;
      try {
        at = Instant.parse(line.substring(0, line.indexOf(' ')));
      } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
        continue;
      }
      if (!at.isBefore(from) && !at.isAfter(to)) {
        minutes.add(new Minute(at, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)), Long.parseLong(m.group(5))));
      }
    }
    return minutes;
  }

  /** Lines of the checker log that contain {@code text}. */
  static long count(Path log, String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /** The heap as the JVM's GC log tells it: its limit, and what was live after the collections of a window. */
  record Heap(String collector, OptionalLong maxMib, long collections, long maxAfterGcMib, double pauseMillis) {}

  static Heap heap(Path gcLog, Instant from, Instant to) throws IOException {
    String collector = "?";
    OptionalLong max = OptionalLong.empty();
    long collections = 0;
    long maxAfter = 0;
    double pause = 0;
    if (!Files.exists(gcLog)) {
      return new Heap(collector, max, 0, 0, 0);
    }
    for (String line : Files.readAllLines(gcLog)) {
      Matcher using = COLLECTOR.matcher(line);
      if (using.find()) {
        collector = using.group(1);
      }
      Matcher limit = HEAP_MAX.matcher(line);
      if (limit.find()) {
        max = OptionalLong.of(Long.parseLong(limit.group(1)) * (limit.group(2).equals("G") ? 1024 : 1));
      }
      Matcher gc = GC_PAUSE.matcher(line);
      if (gc.find() && line.startsWith("[")) {
        Instant at = OffsetDateTime.parse(line.substring(1, line.indexOf(']')), GC_TIME).toInstant();
        if (!at.isBefore(from) && !at.isAfter(to)) {
          collections++;
          maxAfter = Math.max(maxAfter, Long.parseLong(gc.group(2)));
          pause += Double.parseDouble(gc.group(4));
        }
      }
    }
    return new Heap(collector, max, collections, maxAfter, pause);
  }
}

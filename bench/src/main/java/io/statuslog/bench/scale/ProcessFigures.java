package io.statuslog.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a process costs, read from outside it in /proc, as top or ps would: CPU time (user +
 * system, all threads) and resident memory. Nothing inside the process is asked, so the same
 * figures are read for a JVM and for a Go binary.
 */
final class ProcessFigures {
  /** Clock ticks per second of the utime and stime fields; 100 on every Linux this runs on. */
  private static final long TICKS_PER_SECOND = ticksPerSecond();

  private ProcessFigures() {}

  /** CPU time of {@code pid} so far, in nanoseconds (10 ms resolution). */
  static long cpuNanos(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; the fields after it start after its ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** Resident set size now, in KiB. */
  static long rssKib(long pid) throws IOException {
    return status(pid, "VmRSS:");
  }

  /** Peak resident set size since the process started, in KiB. */
  static long peakRssKib(long pid) throws IOException {
    return status(pid, "VmHWM:");
  }

  private static long status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
      }
    }
    throw new IOException(field + " not in /proc/" + pid + "/status");
  }

  /** The 1-minute load average of the machine. */
  static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /** Busy and total jiffies of the whole machine, every CPU: how much else ran during a window. */
  record MachineTicks(long busy, long total) {
    static MachineTicks now() throws IOException {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle, iowait
      return new MachineTicks(total - idle, total);
    }

    /** Cores busy on average since {@code before}, all processes. */
    double coresBusySince(MachineTicks before) {
      return Runtime.getRuntime().availableProcessors() * (double) (busy - before.busy) / Math.max(1, total - before.total);
    }
  }

  private static long ticksPerSecond() {
    try {
      Process getconf = new ProcessBuilder(List.of("getconf", "CLK_TCK")).redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).strip();
      return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}

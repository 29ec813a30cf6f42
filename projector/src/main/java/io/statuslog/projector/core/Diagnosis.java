package io.statuslog.projector.core;

import java.util.List;

/**
 * What {@code doctor} found, one finding per line, and what they add up to: the exit code and
 * the summary line. A script can tell "look at this when you can" (1) from "the page or the
 * data is at risk" (3), and nothing says "all is well" unless every line is OK.
 */
public record Diagnosis(List<Finding> findings) {
  /** How bad a finding is; the worst one decides the exit code. */
  public enum Level {
    /** Checked, and as it should be. */
    OK(0),
    /** Not a threat to the page or the data, but not as it should be, or not verifiable by this binary. */
    WARN(1),
    /** The page or the data is at risk: a service unreachable, a live generation drifted or unreadable, records a rebuild needs deleted. */
    FAIL(3);

    // Not 2: picocli exits 2 for a command line it cannot parse.
    private final int exitCode;

    Level(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  public record Finding(Level level, String subject, String message) {
    @Override
    public String toString() {
      return level + "  " + subject + ": " + message;
    }
  }

  public Diagnosis {
    findings = List.copyOf(findings);
  }

  public int exitCode() {
    return findings.stream().map(Finding::level).max(Level::compareTo).orElse(Level.OK).exitCode;
  }

  public String summary() {
    long warnings = count(Level.WARN);
    long failures = count(Level.FAIL);
    return warnings + failures == 0
        ? "doctor: all is well"
        : "doctor: " + warnings + " warning(s), " + failures + " failure(s)";
  }

  private long count(Level level) {
    return findings.stream().filter(f -> f.level() == level).count();
  }
}

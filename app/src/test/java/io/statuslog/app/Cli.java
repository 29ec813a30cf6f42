package io.statuslog.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the statuslog command line in this JVM, as an operator would, capturing what it prints. */
final class Cli {
  private Cli() {}

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Statuslog.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(args);
    return new Run(exit, out.toString(), err.toString().strip());
  }

  /** {@code checks apply} of these checks (YAML) with this config file, which must succeed. */
  static Run applyChecks(java.nio.file.Path config, String yaml) {
    try {
      java.nio.file.Path file = java.nio.file.Files.writeString(config.resolveSibling("checks-" + System.nanoTime() + ".yml"), yaml);
      Run applied = run("checks", "apply", file.toString(), "-c", config.toString());
      if (applied.exit() != 0) {
        throw new AssertionError("checks apply failed: " + applied.err());
      }
      return applied;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

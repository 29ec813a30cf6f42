package io.statuslog.app.cli;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Command;

/** The checks in the log: apply a checks file, try one, import another tool's. */
@Command(
    name = "checks",
    mixinStandardHelpOptions = true,
    description = "Manage the checks every checker probes: they live in the log, on the definitions topic.",
    subcommands = {ChecksApplyCommand.class, ChecksTryCommand.class, ChecksImportCommand.class})
public final class ChecksCommand {
  /**
   * The checks of {@code file}; or, when it is bad, empty after printing every problem, one line
   * each, and that {@code nothingDone}: fixing one problem at a time and starting again is slow.
   * The command then exits 2.
   */
  static Optional<List<CheckSpec>> readOrListProblems(Path file, CommandSpec spec, String nothingDone) {
    try {
      return Optional.of(ChecksFile.read(file));
    } catch (IllegalArgumentException bad) {
      bad.getMessage().lines().forEach(spec.commandLine().getErr()::println);
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + file + " is refused; " + nothingDone);
      return Optional.empty();
    }
  }
}

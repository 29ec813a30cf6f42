package io.statuslog.app.cli;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.DefinitionDiff;
import io.statuslog.checker.kafka.DefinitionsLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Make the checks in the log exactly those of FILE: add, change, and remove (tombstone) what differs, in one transaction.",
      "The whole file is checked first; any problem is listed, one line each, and nothing is published.",
      "Removed checks leave the page; their history stays in the log. Renaming a check (same id) keeps its history."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:applied (or, with --dry-run, nothing wrong)", "1:Kafka could not be reached or refused the change", "2:the file is bad: nothing was published"})
public final class ChecksApplyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The checks file.")
  Path file;

  @Option(names = "--dry-run", description = "Check the file and print what would change; publish nothing.")
  boolean dryRun;

  @Mixin ConfigFileOption config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<CheckSpec> checks;
    try {
      checks = ChecksFile.read(file);
    } catch (IllegalArgumentException bad) {
      bad.getMessage().lines().forEach(spec.commandLine().getErr()::println);
      spec.commandLine().getErr().println("statuslog checks apply: " + file + " is refused; nothing was published");
      return 2;
    }
    DefinitionsLog log = new DefinitionsLog(config.load(CheckerConfiguration.class).kafka());
    DefinitionDiff diff = dryRun ? DefinitionDiff.between(log.current(), checks) : log.apply(checks);
    diff.lines().forEach(spec.commandLine().getOut()::println);
    spec.commandLine().getOut().println((dryRun ? "checks apply --dry-run: would publish " : "checks apply: published ") + diff.summary()
        + " (" + checks.size() + " check(s) in " + file + ")");
    return 0;
  }
}

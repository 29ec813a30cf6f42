package io.statuslog.app.cli;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.DefinitionDiff;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.schemas.secret.SecretToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Optional<List<CheckSpec>> read = ChecksCommand.readOrListProblems(file, spec, "nothing was published");
    if (read.isEmpty()) {
      return 2;
    }
    List<CheckSpec> checks = read.get();
    DefinitionsLog log = new DefinitionsLog(config.load(CheckerConfiguration.class).kafka());
    DefinitionsLog.Applied applied = dryRun ? log.dryRun(checks) : log.applyIssuingPushTokens(checks);
    DefinitionDiff diff = applied.diff();
    PrintWriter out = spec.commandLine().getOut();
    diff.lines().forEach(out::println);
    out.println((dryRun ? "checks apply --dry-run: would publish " : "checks apply: published ") + diff.summary()
        + " (" + checks.size() + " check(s) in " + file + ")");
    if (dryRun) {
      applied.issuedPushTokens().keySet().forEach(id -> out.println("would issue a push token for " + id));
    } else {
      printPushUrls(out, applied.issuedPushTokens());
    }
    return 0;
  }

  /** Each push URL issued, shown this once: the log keeps only its token's hash. */
  private void printPushUrls(PrintWriter out, Map<String, SecretToken> issued) {
    if (issued.isEmpty()) {
      return;
    }
    IngestConfiguration.Ingest ingest = config.load(IngestConfiguration.class).getIngest();
    out.println();
    out.println("New push checks: call each URL from the job it watches (GET or POST; status=down and msg=... say it failed).");
    out.println("Shown this once: the log keeps only the token's hash. Uptime Kuma's path works too: /api/push/<token>.");
    issued.forEach((id, token) -> out.println("  " + id + ": " + ingest.pushUrl(token)));
  }
}

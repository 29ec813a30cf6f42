package io.statuslog.app.cli;

import io.statuslog.projector.core.Generation;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cutover", mixinStandardHelpOptions = true, description = "Make a caught-up generation live, atomically; readers follow without a restart.")
public final class CutoverCommand extends Operator implements Callable<Integer> {
  @Option(names = "--to", description = "Generation to make live (default: the newest caught-up one).")
  Integer to;

  long maxLag;

  @Option(names = "--max-lag", defaultValue = "1000", description = "Refuse when the generation is more records behind the log than this. Default: ${DEFAULT-VALUE}.")
  void maxLag(long records) {
    maxLag = notNegative("--max-lag", records);
  }

  @Override
  public Integer call() throws Exception {
    Generation live = generations(configuration()).cutover(Optional.ofNullable(to), maxLag);
    out().printf("generation %d (%s) is live; the previous one is kept current for `statuslog rollback`%n", live.id(), live.schemaName());
    return 0;
  }
}

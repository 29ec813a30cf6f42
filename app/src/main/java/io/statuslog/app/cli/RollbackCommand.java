package io.statuslog.app.cli;

import io.statuslog.projector.core.Generation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Make the previously live generation live again.")
public final class RollbackCommand extends Operator implements Callable<Integer> {
  long maxLag;

  @Option(names = "--max-lag", defaultValue = "1000", description = "Refuse when that generation is more records behind the log than this. Default: ${DEFAULT-VALUE}.")
  void maxLag(long records) {
    maxLag = notNegative("--max-lag", records);
  }

  @Override
  public Integer call() throws Exception {
    Generation live = generations(configuration()).rollback(maxLag);
    out().printf("rolled back: generation %d (%s) is live again%n", live.id(), live.schemaName());
    return 0;
  }
}

package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.core.Generation;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Build a new read model generation from offset 0 beside the live one, and return once it has caught up.",
      "The running projector keeps it current from then on; make it live with `cutover`.",
      "A killed rebuild leaves the live generation untouched; running rebuild again cleans up and starts over."
    })
public final class RebuildCommand extends Operator implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    ProjectorConfiguration configuration = configuration();
    Generation built = generations(configuration).rebuild(configuration.projector().replayBatch());
    out().printf("generation %d (%s) is caught up; make it live with: statuslog cutover -c %s --to %d%n",
        built.id(), built.schemaName(), config, built.id());
    return 0;
  }
}

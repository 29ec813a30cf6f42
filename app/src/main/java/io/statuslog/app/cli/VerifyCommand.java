package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Verifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Replay the log into a scratch schema and compare it, per check and day, with the live generation.")
public final class VerifyCommand extends Operator implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    ProjectorConfiguration configuration = configuration();
    Verifier.Result result =
        new Verifier(configuration.kafka(), Databases.unpooled(configuration.database())).verify(configuration.projector().replayBatch());
    if (result.equal()) {
      out().printf("verify: generation %d matches the log (%d results compared)%n", result.generationId(), result.results());
      return 0;
    }
    result.differences().forEach(out()::println);
    spec.commandLine().getErr().printf("statuslog verify: generation %d differs from the log in %d place(s)%n", result.generationId(), result.differences().size());
    return 4;
  }
}

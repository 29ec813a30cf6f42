package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "projector", mixinStandardHelpOptions = true, description = "Project the log into the PostgreSQL read model, exactly once.")
public final class ProjectorCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    ProjectorConfiguration configuration = config.load(ProjectorConfiguration.class);
    ProjectorService projector =
        ProjectorService.start(configuration, Databases.unpooled(configuration.database()), ProjectorLoop.Observer.NONE);
    Runtime.getRuntime().addShutdownHook(new Thread(projector::close, "projector-shutdown"));
    Thread.ofPlatform().daemon().name("projector-fatal").start(() -> {
      try {
        projector.fatal().join();
      } catch (java.util.concurrent.CompletionException fatal) {
        // Exit non-zero so a supervisor restarts the process instead of keeping a zombie.
        System.err.println("statuslog projector: " + fatal.getCause().getMessage());
        System.exit(2);
      }
    });
    projector.join();
    return 0;
  }
}

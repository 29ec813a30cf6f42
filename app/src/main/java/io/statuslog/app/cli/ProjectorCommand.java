package io.statuslog.app.cli;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.kafka.ProjectorLoop;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "projector", mixinStandardHelpOptions = true, description = "Project the log into the PostgreSQL read model, exactly once.")
public final class ProjectorCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (statuslog.yml).")
  Path config;

  @Override
  public Integer call() throws Exception {
    ProjectorConfiguration configuration = ConfigFiles.load(config, ProjectorConfiguration.class);
    ManagedDataSource dataSource = configuration.database().build(new MetricRegistry(), "read-model");
    ProjectorService projector = ProjectorService.start(configuration, dataSource, ProjectorLoop.Observer.NONE);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        projector.close();
        dataSource.stop();
      } catch (Exception e) {
        Thread.currentThread().interrupt();
      }
    }, "projector-shutdown"));
    projector.join();
    return 0;
  }
}

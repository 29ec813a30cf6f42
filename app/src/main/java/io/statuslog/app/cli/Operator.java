package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every operator command shares: the configuration file and the generations it reaches. */
abstract class Operator {
  @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (statuslog.yml).")
  Path config;

  @Spec CommandSpec spec;

  ProjectorConfiguration configuration() {
    return ConfigFiles.load(config, ProjectorConfiguration.class);
  }

  Generations generations(ProjectorConfiguration configuration) {
    return new Generations(configuration.kafka(), Databases.unpooled(configuration.database()));
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}

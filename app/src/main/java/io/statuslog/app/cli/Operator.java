package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** What every operator command shares: the configuration file and the generations it reaches. */
abstract class Operator {
  @Mixin ConfigFileOption config;

  @Spec CommandSpec spec;

  ProjectorConfiguration configuration() {
    return config.load(ProjectorConfiguration.class);
  }

  Generations generations(ProjectorConfiguration configuration) {
    return new Generations(configuration.kafka(), Databases.unpooled(configuration.database()));
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}

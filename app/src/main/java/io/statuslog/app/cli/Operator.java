package io.statuslog.app.cli;

import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
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

  /** An option's value, refused as a usage error (exit 2) when below zero. */
  long notNegative(String option, long value) {
    if (value < 0) {
      throw new ParameterException(spec.commandLine(), option + " must be 0 or more, got " + value);
    }
    return value;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}

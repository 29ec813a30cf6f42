package io.statuslog.app;

import io.statuslog.app.cli.AgentCommand;
import io.statuslog.app.cli.AgentsCommand;
import io.statuslog.app.cli.CheckerCommand;
import io.statuslog.app.cli.ChecksCommand;
import io.statuslog.app.cli.CutoverCommand;
import io.statuslog.app.cli.DevCommand;
import io.statuslog.app.cli.DoctorCommand;
import io.statuslog.app.cli.GenerationsCommand;
import io.statuslog.app.cli.IngestCommand;
import io.statuslog.app.cli.ProjectorCommand;
import io.statuslog.app.cli.RebuildCommand;
import io.statuslog.app.cli.RollbackCommand;
import io.statuslog.app.cli.VerifyCommand;
import io.statuslog.app.cli.WebCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code statuslog} command: one jar, a subcommand per role and operator task. */
@Command(
    name = "statuslog",
    mixinStandardHelpOptions = true,
    versionProvider = Statuslog.Version.class,
    description = "Kafka-based, event-sourced uptime monitoring and status pages.",
    subcommands = {
      DevCommand.class, CheckerCommand.class, AgentCommand.class, ProjectorCommand.class, WebCommand.class, IngestCommand.class,
      GenerationsCommand.class, RebuildCommand.class, CutoverCommand.class, RollbackCommand.class,
      DoctorCommand.class, VerifyCommand.class, ChecksCommand.class, AgentsCommand.class
    })
public final class Statuslog {

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int exit = commandLine.execute(args);
    // Picocli's writers flush on println and printf only; what a command print()ed must not be lost at exit.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** The command line with the error handling every subcommand shares. */
  public static CommandLine commandLine() {
    return new CommandLine(new Statuslog())
        .setParameterExceptionHandler(
            (error, args) -> {
              // One line, not the whole usage: what is wrong, and where the usage is.
              CommandLine command = error.getCommandLine();
              List<String> unmatched = command.getUnmatchedArguments();
              String reason = unmatched.isEmpty() || error instanceof CommandLine.UnmatchedArgumentException
                  ? oneLine(error)
                  // Picocli reports a missing option before an unknown one, which is usually its cause.
                  : "unknown option or argument: " + String.join(" ", unmatched);
              String name = command.getCommandSpec().qualifiedName();
              command.getErr().println(name + ": " + reason + " (see " + name + " --help)");
              return 2;
            })
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              // One line an operator can act on; the stack trace is for debug logging.
              commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(error));
              return 1;
            });
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage();
    return (message == null ? error.getClass().getSimpleName() : message).lines().findFirst().orElse("");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Statuslog.class.getPackage().getImplementationVersion();
      return new String[] {"statuslog " + (version == null ? "dev" : version)};
    }
  }
}

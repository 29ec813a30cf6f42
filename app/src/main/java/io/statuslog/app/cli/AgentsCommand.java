package io.statuslog.app.cli;

import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.ingest.core.Agent;
import io.statuslog.ingest.kafka.AgentsLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The remote agents allowed to post results to ingest: they live in the log, on the agents topic. */
@Command(
    name = "agents",
    mixinStandardHelpOptions = true,
    description = "Manage the remote agents that post results to ingest. Agents live in the log; their tokens only as hashes.",
    subcommands = {AgentsCommand.Add.class, AgentsCommand.List.class, AgentsCommand.Revoke.class})
public final class AgentsCommand {
  private static final String EXIT_CODES = "Exit codes:%n";

  abstract static class AgentsOperation {
    @Mixin ConfigFileOption config;

    @Spec CommandSpec spec;

    IngestConfiguration configuration() {
      return config.load(IngestConfiguration.class);
    }

    AgentsLog log(IngestConfiguration configuration) {
      return new AgentsLog(configuration.getKafka(), Clock.systemUTC());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /** A refusal: one line on stderr, exit 2. */
    int refused(String command, RuntimeException reason) {
      spec.commandLine().getErr().println("statuslog agents " + command + ": " + reason.getMessage());
      return 2;
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add an agent for a region and print its token, once: the log keeps only its hash.",
          "A revoked agent's name may be added again; it gets a new token."},
      exitCodeListHeading = EXIT_CODES,
      exitCodeList = {"0:added; the token is printed", "1:Kafka could not be reached", "2:refused (a name in use, a bad name or region): nothing was written"})
  static final class Add extends AgentsOperation implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The agent's name: letters, digits, '.', '_', '-'.")
    String name;

    @Option(names = "--region", required = true, description = "The region its results are recorded under; it may write no other.")
    String region;

    @Override
    public Integer call() {
      IngestConfiguration configuration = configuration();
      AgentsLog.Added added;
      try {
        added = log(configuration).add(name, region);
      } catch (IllegalArgumentException | IllegalStateException refused) {
        return refused("add", refused);
      }
      String ingest = configuration.getIngest().baseUrl().toString();
      out().printf("""
          Agent %1$s added for region %2$s. Its token, shown this once (the log keeps only its hash):

            %3$s

          The agent sends it with every request to ingest (%4$s):
            Authorization: Bearer <token>
            POST %4$s/v1/results        results, as a JSON array
            GET  %4$s/v1/agent/checks   the checks region %2$s probes
          Lost it? statuslog agents revoke %1$s -c CONFIG, then statuslog agents add %1$s --region %2$s -c CONFIG for a new one.
          """, added.agent().name(), added.agent().region(), added.token().reveal(), ingest);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents: name, region, when added, when revoked. Never their tokens.")
  static final class List extends AgentsOperation implements Callable<Integer> {
    @Override
    public Integer call() {
      Collection<Agent> agents = log(configuration()).current().all();
      if (agents.isEmpty()) {
        out().println("no agents; add one with statuslog agents add NAME --region REGION");
        return 0;
      }
      int name = Math.max(4, agents.stream().mapToInt(agent -> agent.name().length()).max().orElse(0));
      int region = Math.max(6, agents.stream().mapToInt(agent -> agent.region().length()).max().orElse(0));
      String row = "%-" + name + "s  %-" + region + "s  %-20s  %s%n";
      out().printf(row, "NAME", "REGION", "ADDED", "REVOKED");
      for (Agent agent : agents) {
        out().printf(row, agent.name(), agent.region(), agent.createdAt().truncatedTo(ChronoUnit.SECONDS),
            agent.revokedAt().map(at -> at.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-"));
      }
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke an agent: ingest refuses its token from the next request on. Its results stay in the log.",
      exitCodeListHeading = EXIT_CODES,
      exitCodeList = {"0:revoked", "1:Kafka could not be reached", "2:no such agent, or already revoked: nothing was written"})
  static final class Revoke extends AgentsOperation implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "The agent's name.")
    String name;

    @Override
    public Integer call() {
      Agent revoked;
      try {
        revoked = log(configuration()).revoke(name);
      } catch (IllegalStateException refused) {
        return refused("revoke", refused);
      }
      out().println("agent " + revoked.name() + " (region " + revoked.region() + ") revoked: ingest refuses its token from now on;"
          + " statuslog agents add " + revoked.name() + " --region " + revoked.region() + " issues a new one");
      return 0;
    }
  }
}

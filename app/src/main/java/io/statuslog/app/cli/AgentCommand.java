package io.statuslog.app.cli;

import io.statuslog.checker.AgentConfiguration;
import io.statuslog.checker.AgentService;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Probe your region's checks from outside the cluster and deliver every result to ingest over HTTP(S).",
        "Needs no Kafka and no PostgreSQL: only the agent block (ingestUrl, token from statuslog agents add, spoolDir)."})
public final class AgentCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    AgentConfiguration configuration = config.load(AgentConfiguration.class);
    AgentService agent = AgentService.start(configuration, Clock.systemUTC());
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.complete(null);
    }, "agent-shutdown"));
    try {
      CompletableFuture.anyOf(stopped, agent.fatal()).get();
      return 0;
    } catch (ExecutionException fatal) {
      agent.close();
      // The execution handler prints the one-line reason and exits non-zero.
      throw (Exception) fatal.getCause();
    }
  }
}

package io.statuslog.app.cli;

import io.statuslog.ingest.IngestApplication;
import io.statuslog.ingest.IngestConfiguration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Take results from remote agents (POST /v1/results) and heartbeats from push monitors (/v1/push/TOKEN, /api/push/TOKEN) into the log, on the ports of ingest.server (8082, admin 8083).")
public final class IngestCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    // Checked here first so a bad file gets the same one-line error as every other command.
    config.load(IngestConfiguration.class);
    new IngestApplication().run("server", config.toString());
    return 0;
  }
}

package io.statuslog.app.cli;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "checker", mixinStandardHelpOptions = true, description = "Probe the checks applied to the log (see `statuslog checks apply`) and write every result to the log.")
public final class CheckerCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    CheckerConfiguration configuration = config.load(CheckerConfiguration.class);
    CheckerService checker = CheckerService.start(configuration, Clock.systemUTC());
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      checker.close();
      stopped.complete(null);
    }, "checker-shutdown"));
    try {
      CompletableFuture.anyOf(stopped, checker.fatal()).get();
      return 0;
    } catch (ExecutionException fatal) {
      checker.close();
      // The execution handler prints the one-line reason and exits non-zero.
      throw (Exception) fatal.getCause();
    }
  }
}

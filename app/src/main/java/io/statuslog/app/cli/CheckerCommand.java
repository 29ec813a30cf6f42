package io.statuslog.app.cli;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "checker", mixinStandardHelpOptions = true, description = "Probe the configured checks and write every result to the log.")
public final class CheckerCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (statuslog.yml).")
  Path config;

  @Override
  public Integer call() throws Exception {
    CheckerConfiguration configuration = ConfigFiles.load(config, CheckerConfiguration.class);
    CheckerService checker = CheckerService.start(configuration, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      checker.close();
      stopped.countDown();
    }, "checker-shutdown"));
    stopped.await();
    return 0;
  }
}

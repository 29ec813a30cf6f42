package io.statuslog.app.cli;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.checker.CheckerService;
import io.statuslog.checker.config.ChecksFile;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "checker", mixinStandardHelpOptions = true, description = "Probe the configured checks and write every result to the log.")
public final class CheckerCommand implements Callable<Integer> {
  @Mixin ConfigFileOption config;

  @Override
  public Integer call() throws Exception {
    CheckerConfiguration configuration = config.load(CheckerConfiguration.class);
    // A bad checks file stops the command before the spool or Kafka is touched, whatever order
    // the service does things in (it reads the file again).
    ChecksFile.read(configuration.checker().checksFile());
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

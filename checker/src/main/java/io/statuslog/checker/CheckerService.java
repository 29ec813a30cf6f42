package io.statuslog.checker;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.kafka.ResultPublisher;
import io.statuslog.checker.probe.HttpProber;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Clock;
import java.util.List;

/** The checker role: publishes the configured definitions, then probes them on schedule. */
public final class CheckerService implements AutoCloseable {
  private final ResultPublisher publisher;
  private final CheckScheduler scheduler;

  private CheckerService(ResultPublisher publisher, CheckScheduler scheduler) {
    this.publisher = publisher;
    this.scheduler = scheduler;
  }

  public static CheckerService start(CheckerConfiguration config, Clock clock) {
    List<CheckSpec> checks = ChecksFile.read(config.checker().checksFile());
    TopicAdmin.ensureTopics(config.kafka());
    ResultPublisher publisher = new ResultPublisher(config.kafka(), "statuslog-checker-" + config.checker().agent());
    publisher.publishDefinitions(checks);
    CheckScheduler scheduler =
        new CheckScheduler(checks, new HttpProber(), publisher, clock, config.checker().region(), config.checker().agent());
    scheduler.start();
    return new CheckerService(publisher, scheduler);
  }

  @Override
  public void close() {
    scheduler.close();
    publisher.close();
  }
}

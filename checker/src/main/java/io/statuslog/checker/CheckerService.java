package io.statuslog.checker;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.kafka.SpoolDelivery;
import io.statuslog.checker.probe.HttpProber;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker role: probes the configured checks on schedule into the durable spool, and a
 * delivery thread moves the spool to Kafka, exactly once and in order. Kafka being down slows
 * nothing but delivery; the checker starts even then.
 */
public final class CheckerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckerService.class);

  private final ResultSpool spool;
  private final SpoolDelivery delivery;
  private final Thread deliveryThread;
  private final CheckScheduler scheduler;
  private boolean closed;

  private CheckerService(ResultSpool spool, SpoolDelivery delivery, CheckScheduler scheduler) {
    this.spool = spool;
    this.delivery = delivery;
    this.deliveryThread = Thread.ofPlatform().name("spool-delivery").start(delivery);
    this.scheduler = scheduler;
  }

  /**
   * Opens the spool (refusing a directory another checker holds), then starts probing and
   * delivering. The checks file is read first: a bad one stops the start before anything opens.
   */
  public static CheckerService start(CheckerConfiguration config, Clock clock) {
    List<CheckSpec> checks = ChecksFile.read(config.checker().checksFile());
    ResultSpool spool = ResultSpool.open(config.checker().spoolDir(), config.checker().spoolMaxBytes(),
        (AvroSerde<CheckResult>) config.kafka().topics().checkResults().valueSerde());
    String agent = config.checker().agentOr(spool.id());
    String region = config.checker().region();
    LOG.info("checker agent={} region={} spool={} spoolDir={} pending={} checks={}",
        agent, region, spool.id(), config.checker().spoolDir().toAbsolutePath(), spool.pending(), checks.size());
    SpoolDelivery delivery = new SpoolDelivery(config.kafka(), spool, agent, checks.stream().map(CheckSpec::toDefinition).toList(), clock);
    CheckScheduler scheduler = new CheckScheduler(checks, new HttpProber(), spool, clock, region, agent);
    CheckerService service = new CheckerService(spool, delivery, scheduler);
    scheduler.start();
    return service;
  }

  /** The spool, for drills that watch it drain. */
  public ResultSpool spool() {
    return spool;
  }

  /** The highest spooled sequence number the log has. */
  public long delivered() {
    return spool.delivered();
  }

  /**
   * Completes exceptionally when the checker cannot go on (another installation runs with its
   * agent id); the command then stops it and exits non-zero. Its results stay in the spool.
   */
  public CompletableFuture<Void> fatal() {
    return delivery.fatal();
  }

  /** Stops probing, lets delivery drain a moment, closes the spool. Closing twice does nothing more. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.close();
    // Give delivery a moment to drain what the last probes spooled; what remains stays spooled.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (spool.pending() > 0 && !delivery.inOutage() && !delivery.fatal().isDone() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    delivery.stop();
    try {
      // Not interrupted at once while Kafka answers: a producer interrupted mid-call logs errors
      // and may leave a transaction for the next start to abort. In an outage there is nothing
      // to finish, and waiting out a client's timeouts would only delay the stop.
      if (delivery.inOutage()) {
        deliveryThread.interrupt();
      }
      if (!deliveryThread.join(Duration.ofSeconds(20))) {
        deliveryThread.interrupt();
        deliveryThread.join(Duration.ofSeconds(5));
      }
      spool.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("spool did not close cleanly: {}", e.toString());
    }
  }
}

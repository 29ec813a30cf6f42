package io.statuslog.checker;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.probe.HttpProber;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.checker.spool.SpoolDelivery;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

  private CheckerService(ResultSpool spool, SpoolDelivery delivery, CheckScheduler scheduler) {
    this.spool = spool;
    this.delivery = delivery;
    this.deliveryThread = Thread.ofPlatform().name("spool-delivery").start(delivery);
    this.scheduler = scheduler;
  }

  public static CheckerService start(CheckerConfiguration config, Clock clock) {
    List<CheckSpec> checks = ChecksFile.read(config.checker().checksFile());
    ResultSpool spool = new ResultSpool(config.checker().spoolDir(), config.checker().spoolMaxBytes(),
        (AvroSerde<CheckResult>) config.kafka().topics().checkResults().valueSerde());
    SpoolDelivery delivery = new SpoolDelivery(config.kafka(), spool, config.checker().agent(), checks.stream().map(CheckSpec::toDefinition).toList());
    CheckScheduler scheduler =
        new CheckScheduler(checks, new HttpProber(), spool, clock, config.checker().region(), config.checker().agent());
    CheckerService service = new CheckerService(spool, delivery, scheduler);
    scheduler.start();
    return service;
  }

  /** The spool, for drills that watch it drain. */
  public ResultSpool spool() {
    return spool;
  }

  /** The highest spooled sequence number Kafka has committed. */
  public long delivered() {
    return delivery.delivered();
  }

  @Override
  public void close() {
    scheduler.close();
    // Give delivery a moment to drain what the last probes spooled; what remains stays spooled.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (delivery.delivered() < spool.lastSeq() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    delivery.stop();
    try {
      // Not interrupted at once: a producer interrupted mid-call logs errors and may leave a
      // transaction for the next start to abort. Blocked on a dead broker, it gets 20 s.
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

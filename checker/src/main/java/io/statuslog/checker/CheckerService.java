package io.statuslog.checker;

import io.statuslog.checker.core.Backoff;
import io.statuslog.checker.kafka.CheckAssignments;
import io.statuslog.checker.kafka.KafkaDestination;
import io.statuslog.checker.probe.NetworkProber;
import io.statuslog.checker.spool.CheckCache;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.checker.spool.SpoolDelivery;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker role: probes the checks its region's group gives it on schedule into the durable
 * spool, and a delivery thread moves the spool to Kafka, exactly once and in order. Kafka being
 * down slows nothing but delivery; the checker starts even then, probing the checks it was last
 * given.
 */
public final class CheckerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckerService.class);

  private final ResultSpool spool;
  private final SpoolDelivery delivery;
  private final Thread deliveryThread;
  private final CheckAssignments assignments;
  private final Thread assignmentsThread;
  private final CheckScheduler scheduler;
  private boolean closed;

  private CheckerService(ResultSpool spool, SpoolDelivery delivery, CheckAssignments assignments, CheckScheduler scheduler) {
    this.spool = spool;
    this.delivery = delivery;
    this.assignments = assignments;
    this.scheduler = scheduler;
    this.deliveryThread = Thread.ofPlatform().name("spool-delivery").start(delivery);
    this.assignmentsThread = Thread.ofPlatform().name("check-assignments").start(assignments);
  }

  /** Opens the spool (refusing a directory another checker holds), then starts probing and delivering. */
  @SuppressWarnings("unchecked")
  public static CheckerService start(CheckerConfiguration config, Clock clock) {
    ResultSpool spool = ResultSpool.open(config.checker().spoolDir(), config.checker().spoolMaxBytes(),
        (AvroSerde<CheckResult>) config.kafka().topics().checkResults().valueSerde());
    String agent = config.checker().agentOr(spool.id());
    String region = config.checker().region();
    LOG.info("checker agent={} region={} spool={} spoolDir={} pending={}",
        agent, region, spool.id(), config.checker().spoolDir().toAbsolutePath(), spool.pending());
    // Retried every 1, 2, 4, 8, then 15 s: one broker's reconnects need no jitter.
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15), 0, () -> 0);
    SpoolDelivery delivery = new SpoolDelivery(spool, new KafkaDestination(config.kafka(), spool.id(), agent), agent, backoff, clock);
    CheckScheduler scheduler = new CheckScheduler(new NetworkProber(clock), spool, clock, region, agent);
    CheckCache cache = new CheckCache(config.checker().spoolDir(), (AvroSerde<CheckDefinition>) config.kafka().topics().checkDefinitions().valueSerde());
    CheckAssignments assignments = new CheckAssignments(config.kafka(), region, spool.id(), cache, scheduler::update);
    scheduler.update(assignments.cached());
    return new CheckerService(spool, delivery, assignments, scheduler);
  }

  /** The spool, for drills that watch it drain. */
  public ResultSpool spool() {
    return spool;
  }

  /** The highest spooled sequence number the log has. */
  public long delivered() {
    return spool.delivered();
  }

  /** The ids of the checks this worker probes now. */
  public Set<String> checkIds() {
    return scheduler.checkIds();
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
    assignments.stop();
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
      assignmentsThread.join(Duration.ofSeconds(10));
      spool.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("spool did not close cleanly: {}", e.toString());
    }
  }
}

package io.statuslog.checker;

import io.statuslog.checker.core.Backoff;
import io.statuslog.checker.core.ProbedChecks;
import io.statuslog.checker.http.IngestChecks;
import io.statuslog.checker.http.IngestClient;
import io.statuslog.checker.http.IngestDestination;
import io.statuslog.checker.http.IngestTrust;
import io.statuslog.checker.probe.NetworkProber;
import io.statuslog.checker.spool.CheckCache;
import io.statuslog.checker.spool.DeadLetterFile;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.checker.spool.SpoolDelivery;
import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent role: a checker outside the cluster. It takes its region's checks from ingest,
 * probes them on schedule into the same durable spool a checker uses, and delivers the spool to
 * ingest over HTTP, in order; ingest writes the results to the log. Ingest being unreachable,
 * for minutes or across a restart of the agent, slows nothing but delivery: the agent starts
 * even then, probing the checks it was last given, and delivers everything once ingest answers.
 */
public final class AgentService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentService.class);

  private final ResultSpool spool;
  private final String agent;
  private final Clock clock;
  private final NetworkProber prober;
  private final ProbedChecks probedChecks = new ProbedChecks();
  private final SpoolDelivery delivery;
  private final IngestChecks checks;
  private Thread deliveryThread;
  private Thread checksThread;
  /** Made once the region is known (from the cache, or ingest's first answer), and again if it changes. */
  private CheckScheduler scheduler;
  private String region;
  private boolean closed;

  private AgentService(ResultSpool spool, String agent, Clock clock, IngestClient client, CheckCache cache, DeadLetterFile deadLetters) {
    this.spool = spool;
    this.agent = agent;
    this.clock = clock;
    this.prober = new NetworkProber(clock);
    // Jitter: agents cut off by one ingest outage should not all come back in the same second.
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15), 0.5, () -> ThreadLocalRandom.current().nextDouble());
    this.delivery = new SpoolDelivery(spool, new IngestDestination(client, deadLetters, clock), agent, backoff, clock);
    this.checks = new IngestChecks(client, cache, this::assign);
  }

  /** Opens the spool (refusing a directory another checker or agent holds), then starts probing and delivering. */
  public static AgentService start(AgentConfiguration config, Clock clock) {
    AgentConfiguration.Agent settings = config.agent();
    // First: a CA file that cannot be read is a configuration error, said before the spool is locked.
    IngestClient client = new IngestClient(settings.ingestUrl(), settings.token(), settings.ingestCaFile().map(IngestTrust::fromPem));
    SchemaCatalog catalog = SchemaCatalog.bundled();
    ResultSpool spool = ResultSpool.open(settings.spoolDir(), settings.spoolMaxBytes(), new AvroSerde<>(CheckResult.getClassSchema(), catalog));
    String agent = settings.idOr(spool.id());
    CheckCache cache = new CheckCache(settings.spoolDir(), new AvroSerde<>(CheckDefinition.getClassSchema(), catalog));
    LOG.info("agent id={} ingest={} spool={} spoolDir={} pending={} region={}", agent, client.base(), spool.id(),
        settings.spoolDir().toAbsolutePath(), spool.pending(), cache.region().orElse("(ingest will say)"));
    DeadLetterFile deadLetters = DeadLetterFile.open(settings.spoolDir(), spool.delivered());
    AgentService service = new AgentService(spool, agent, clock, client, cache, deadLetters);
    cache.region().ifPresent(region -> service.assign(region, cache.read()));
    service.deliveryThread = Thread.ofPlatform().name("spool-delivery").start(service.delivery);
    service.checksThread = Thread.ofPlatform().name("ingest-checks").start(service.checks);
    return service;
  }

  /** From now on, probe these checks of this region. */
  private synchronized void assign(String region, List<CheckDefinition> definitions) {
    if (closed) {
      return;
    }
    if (!region.equals(this.region)) {
      if (scheduler != null) {
        LOG.info("agent region changed from={} to={} (a new token?); results are recorded under the token's region", this.region, region);
        scheduler.close();
      }
      scheduler = new CheckScheduler(prober, spool, clock, region, agent);
      this.region = region;
    }
    ProbedChecks.Selection selection = probedChecks.select(definitions, region);
    selection.newlySkipped().forEach(skipped -> LOG.warn("check definition skipped check={} reason={}", skipped.checkId(), skipped.reason()));
    scheduler.update(selection.checks());
  }

  /** The spool, for drills that watch it drain. */
  public ResultSpool spool() {
    return spool;
  }

  /** The ids of the checks this agent probes now. */
  public synchronized Set<String> checkIds() {
    return scheduler == null ? Set.of() : scheduler.checkIds();
  }

  /** Completes exceptionally when the agent cannot go on; the command then stops it and exits non-zero. */
  public CompletableFuture<Void> fatal() {
    return delivery.fatal();
  }

  /** Stops probing, lets delivery drain a moment, closes the spool. Closing twice does nothing more. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    checks.stop();
    CheckScheduler probing;
    synchronized (this) {
      probing = scheduler;
    }
    if (probing != null) {
      probing.close();
    }
    // Give delivery a moment to drain what the last probes spooled; what remains stays spooled.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    try {
      while (spool.pending() > 0 && !delivery.inOutage() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      delivery.stop();
      // A request cut short may have been taken: posted again after the restart, it counts once.
      if (!deliveryThread.join(Duration.ofSeconds(5))) {
        deliveryThread.interrupt();
        deliveryThread.join(Duration.ofSeconds(5));
      }
      checksThread.join(Duration.ofSeconds(5));
      spool.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("spool did not close cleanly: {}", e.toString());
    }
  }
}

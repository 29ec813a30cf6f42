package io.statuslog.checker;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Verdict;
import io.statuslog.schemas.events.CheckResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every check on its interval. Probes run on virtual threads so a slow target never
 * delays another check; a check whose previous probe is still running skips a beat rather than
 * piling up probes against a struggling target.
 */
public final class CheckScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);

  private final List<CheckSpec> checks;
  private final Prober prober;
  private final ResultSpool spool;
  private final Clock clock;
  private final String region;
  private final String agent;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("checker-ticks").daemon().factory());
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Boolean> running = new ConcurrentHashMap<>();

  public CheckScheduler(
      List<CheckSpec> checks, Prober prober, ResultSpool spool, Clock clock, String region, String agent) {
    this.checks = List.copyOf(checks);
    this.prober = prober;
    this.spool = spool;
    this.clock = clock;
    this.region = region;
    this.agent = agent;
  }

  public void start() {
    for (CheckSpec check : checks) {
      long intervalMs = check.interval().toMillis();
      // Spread first probes over the interval so many checks do not fire in lockstep.
      long firstDelay = ThreadLocalRandom.current().nextLong(Math.min(intervalMs, 1000) + 1);
      ticks.scheduleAtFixedRate(() -> trigger(check), firstDelay, intervalMs, TimeUnit.MILLISECONDS);
    }
    LOG.info("checker started checks={} region={} agent={}", checks.size(), region, agent);
  }

  private void trigger(CheckSpec check) {
    if (running.putIfAbsent(check.id(), Boolean.TRUE) != null) {
      LOG.warn("probe skipped check={} reason=previous probe still running", check.id());
      return;
    }
    probes.execute(
        () -> {
          try {
            probeOnce(check);
          } catch (RuntimeException e) {
            LOG.error("probe failed check={} error={}", check.id(), e.toString());
          } finally {
            running.remove(check.id());
          }
        });
  }

  /** Probes one check now and writes its result to the spool, from where it goes to the log. */
  void probeOnce(CheckSpec check) {
    Instant startedAt = clock.instant();
    ProbeOutcome probe = prober.probe(check.target(), check.timeout());
    Verdict verdict = probe.failure()
        .map(failure -> Verdict.ofFailure(failure.kind(), failure.message()))
        .orElseGet(() -> Verdict.ofResponse((Target.Http) check.target(), probe.facts().status().orElse(0), probe.facts().responseTime()));
    CheckResult result =
        CheckResult.newBuilder()
            .setResultId(UUID.randomUUID().toString())
            .setCheckId(check.id())
            .setRegion(region)
            .setAgent(agent)
            .setStartedAt(startedAt)
            .setDurationMs(probe.facts().responseTime().toMillis())
            .setOutcome(verdict.outcome())
            .setHttpStatus(probe.facts().status().isPresent() ? probe.facts().status().getAsInt() : null)
            .setErrorKind(verdict.errorKind().orElse(null))
            .setErrorMessage(verdict.errorMessage().orElse(null))
            .build();
    LOG.debug("probed check={} outcome={} status={} ms={}", check.id(), result.getOutcome(), result.getHttpStatus(), result.getDurationMs());
    spool.append(result);
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    probes.shutdown();
    try {
      probes.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

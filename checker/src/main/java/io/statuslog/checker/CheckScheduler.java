package io.statuslog.checker;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.ScheduleLag;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Verdict;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ProbeTimings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every check it is given on its interval, and follows changes to the set without a
 * restart: a new check starts, a changed one restarts with its new settings, a removed one
 * stops. Probes run on virtual threads so a slow target never delays another check; a check
 * whose previous probe is still running skips a beat rather than pile up probes against a
 * struggling target.
 */
public final class CheckScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);

  private final Prober prober;
  private final ResultSpool spool;
  private final Clock clock;
  private final String region;
  private final String agent;
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("checker-ticks").daemon().factory());
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Scheduled> scheduled = new HashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final ScheduleLag lag = new ScheduleLag();

  private record Scheduled(CheckSpec check, ScheduledFuture<?> ticking) {}

  /** A check with its conditions parsed, as it is probed, and when its first probe was due. */
  private record Probed(CheckSpec check, Verdict.Rules rules, long firstDueNanos, long intervalNanos) {
    /** How late a probe starting now is against the schedule it keeps (first due, then every interval). */
    Duration lateness(long nowNanos) {
      long sinceFirst = nowNanos - firstDueNanos;
      return Duration.ofNanos(sinceFirst < 0 ? 0 : sinceFirst % intervalNanos);
    }
  }

  public CheckScheduler(Prober prober, ResultSpool spool, Clock clock, String region, String agent) {
    this.prober = prober;
    this.spool = spool;
    this.clock = clock;
    this.region = region;
    this.agent = agent;
    ticks.scheduleAtFixedRate(this::reportLag, 1, 1, TimeUnit.MINUTES);
  }

  /** Once a minute, how many probes started and how late: whether this worker holds its checks. */
  private void reportLag() {
    ScheduleLag.Snapshot window = lag.takeSnapshot();
    if (window.probes() > 0) {
      LOG.info("checker schedule checks={} {} region={} agent={}", checkIds().size(), window, region, agent);
    }
  }

  /** From now on, probe exactly these checks. */
  public synchronized void update(Collection<CheckSpec> checks) {
    Map<String, CheckSpec> wanted = checks.stream().collect(Collectors.toMap(CheckSpec::id, check -> check, (a, b) -> b));
    int started = 0;
    int stopped = 0;
    for (String id : Set.copyOf(scheduled.keySet())) {
      CheckSpec now = wanted.get(id);
      if (now == null || !now.equals(scheduled.get(id).check())) {
        scheduled.remove(id).ticking().cancel(false);
        stopped++;
      }
    }
    for (CheckSpec check : wanted.values()) {
      if (!scheduled.containsKey(check.id())) {
        scheduled.put(check.id(), new Scheduled(check, schedule(check)));
        started++;
      }
    }
    if (started + stopped > 0) {
      LOG.info("checks scheduled checks={} started={} stopped={} region={} agent={}", scheduled.size(), started, stopped, region, agent);
    }
  }

  /** The checks being probed now, by id. */
  public synchronized Set<String> checkIds() {
    return Set.copyOf(scheduled.keySet());
  }

  private ScheduledFuture<?> schedule(CheckSpec check) {
    long intervalMs = check.interval().toMillis();
    // Spread first probes over the interval so many checks do not fire in lockstep.
    long firstDelay = ThreadLocalRandom.current().nextLong(intervalMs);
    Probed probed = new Probed(check, Verdict.Rules.of(check), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(firstDelay), TimeUnit.MILLISECONDS.toNanos(intervalMs));
    return ticks.scheduleAtFixedRate(() -> trigger(probed), firstDelay, intervalMs, TimeUnit.MILLISECONDS);
  }



  private void trigger(Probed probed) {
    CheckSpec check = probed.check();
    if (!running.add(check.id())) {
      LOG.warn("probe skipped check={} reason=previous probe still running", check.id());
      return;
    }
    probes.execute(() -> {
      try {
        lag.record(probed.lateness(System.nanoTime()));
        probeOnce(probed);
      } catch (RuntimeException e) {
        LOG.error("probe failed check={} error={}", check.id(), e.toString());
      } finally {
        running.remove(check.id());
      }
    });
  }

  /** Probes one check now and writes its result to the spool, from where it goes to the log. */
  private void probeOnce(Probed probed) {
    CheckSpec check = probed.check();
    Instant startedAt = clock.instant();
    ProbeOutcome probe = prober.probe(check.target(), check.timeout());
    Verdict verdict = Verdict.of(probed.rules(), probe);
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
            .setTlsExpiresAt(probe.certificateExpiresAt().orElse(null))
            .setFailedConditions(verdict.failedConditions())
            .setTimings(timings(probe.timings()))
            .build();
    LOG.debug("probed check={} outcome={} status={} ms={}", check.id(), result.getOutcome(), result.getHttpStatus(), result.getDurationMs());
    spool.append(result);
  }

  private static ProbeTimings timings(ProbeOutcome.Timings timings) {
    if (timings.equals(ProbeOutcome.Timings.NONE)) {
      return null;
    }
    return new ProbeTimings(millis(timings.dns()), millis(timings.connect()), millis(timings.tls()), millis(timings.firstByte()));
  }

  private static Long millis(Optional<Duration> phase) {
    return phase.map(Duration::toMillis).orElse(null);
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

package io.statuslog.checker.probe;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Prober;
import io.statuslog.checker.core.Target;
import java.time.Clock;
import java.time.Duration;

/**
 * The name CheckerService still uses until it is wired to {@link NetworkProber}; it only
 * delegates, so the checker already probes with a connection per probe. Delete it in the same
 * change that makes CheckerService say {@code new NetworkProber(clock)}.
 */
@Deprecated(forRemoval = true)
public final class HttpProber implements Prober {
  private final NetworkProber prober = new NetworkProber(Clock.systemUTC());

  @Override
  public ProbeOutcome probe(Target target, Duration timeout) {
    return prober.probe(target, timeout);
  }
}

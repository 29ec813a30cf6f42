package io.statuslog.checker.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.events.ErrorKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkProberTest {
  @Test
  void aPushCheckIsNotProbed() {
    ProbeOutcome outcome = new NetworkProber(Clock.systemUTC()).probe(new Target.Push(URI.create("https://statuslog.example/push/abc"), Duration.ofMinutes(5), java.util.Optional.empty()), Duration.ofSeconds(5));

    assertThat(outcome.failure()).hasValueSatisfying(failure -> {
      assertThat(failure.kind()).isEqualTo(ErrorKind.OTHER);
      assertThat(failure.message()).isEqualTo("push checks are not probed: the monitored job reports to Statuslog itself");
    });
    assertThat(outcome.facts().connected()).isFalse();
    assertThat(outcome.timings()).isEqualTo(ProbeOutcome.Timings.NONE);
  }
}

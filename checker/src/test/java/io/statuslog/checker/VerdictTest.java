package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Verdict;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private final Target.Http check =
      new Target.Http(URI.create("http://x/"), "GET", java.util.Map.of(), Optional.empty(), true, 10, true, false, 200, Optional.of(Duration.ofSeconds(1)));

  @Test
  void theExpectedStatusInTimeIsUp() {
    assertThat(Verdict.ofResponse(check, 200, Duration.ofMillis(300)).outcome()).isEqualTo(Outcome.UP);
  }

  @Test
  void theExpectedStatusButSlowIsDegraded() {
    Verdict verdict = Verdict.ofResponse(check, 200, Duration.ofMillis(1500));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(verdict.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("1500 ms"));
  }

  @Test
  void anyOtherStatusIsDown() {
    Verdict verdict = Verdict.ofResponse(check, 500, Duration.ofMillis(10));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(verdict.errorKind()).contains(ErrorKind.UNEXPECTED_STATUS);
    assertThat(verdict.errorMessage()).contains("expected HTTP 200, got 500");
  }

  @Test
  void noResponseIsDown() {
    assertThat(Verdict.ofFailure(ErrorKind.TIMEOUT, "no response").outcome()).isEqualTo(Outcome.DOWN);
  }

  @Test
  void aMessageFromTheNetworkIsMadeStorable() {
    Verdict verdict = Verdict.ofFailure(ErrorKind.TLS, "alert\u0000from\nserver" + "x".repeat(5_000));

    assertThat(verdict.errorMessage()).hasValueSatisfying(m -> {
      assertThat(m).startsWith("alert from server").doesNotContain("\u0000");
      assertThat(m).hasSize(1_000);
    });
  }
}

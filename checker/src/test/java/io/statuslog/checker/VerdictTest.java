package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.ProbeFacts;
import io.statuslog.checker.core.ProbeOutcome;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Verdict;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.Outcome;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {
  private static CheckSpec http(List<String> conditions, List<String> degraded, Optional<Duration> degradedAfter) {
    return new CheckSpec("api", "API", Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), true, List.of(),
        new Target.Http(URI.create("http://x/"), "GET", Map.of(), Optional.empty(), true, 10, true, false, 200, degradedAfter), conditions, degraded);
  }

  private static ProbeOutcome response(int status, long millis, String body) {
    return new ProbeOutcome(ProbeFacts.http(Duration.ofMillis(millis), status, body, Optional.empty(), "127.0.0.1"), ProbeOutcome.Timings.NONE, Optional.empty(), Optional.empty());
  }

  private static Verdict judge(CheckSpec check, ProbeOutcome probe) {
    return Verdict.of(Verdict.Rules.of(check), probe);
  }

  @Test
  void theExpectedStatusInTimeIsUpWithNothingFailed() {
    Verdict verdict = judge(http(List.of(), List.of(), Optional.of(Duration.ofSeconds(1))), response(200, 300, ""));

    assertThat(verdict.outcome()).isEqualTo(Outcome.UP);
    assertThat(verdict.failedConditions()).isEmpty();
    assertThat(verdict.errorMessage()).isEmpty();
  }

  @Test
  void anotherStatusIsDownAndSaysWhatItResolvedTo() {
    Verdict verdict = judge(http(List.of(), List.of(), Optional.empty()), response(503, 10, ""));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(verdict.errorKind()).contains(ErrorKind.UNEXPECTED_STATUS);
    assertThat(verdict.errorMessage()).contains("[STATUS] (503) == 200");
    assertThat(verdict.failedConditions()).containsExactly(new FailedCondition("[STATUS] == 200", "[STATUS] (503) == 200", false));
  }

  @Test
  void everyFailedConditionIsRecordedAndABodyConditionIsNotAStatusError() {
    Verdict verdict = judge(http(List.of("[BODY].status == UP", "[BODY].db == ok"), List.of(), Optional.empty()), response(200, 10, "{\"status\":\"DOWN\",\"db\":\"slow\"}"));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(verdict.errorKind()).contains(ErrorKind.OTHER);
    assertThat(verdict.errorMessage()).contains("[BODY].status (DOWN) == UP; [BODY].db (slow) == ok");
    assertThat(verdict.failedConditions()).extracting(FailedCondition::getResolved).containsExactly("[BODY].status (DOWN) == UP", "[BODY].db (slow) == ok");
  }

  @Test
  void passingButSlowIsDegradedAndSaysWhichConditionFailed() {
    Verdict verdict = judge(http(List.of(), List.of("[BODY].cache == warm"), Optional.of(Duration.ofSeconds(1))), response(200, 1_500, "{\"cache\":\"warm\"}"));

    assertThat(verdict.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(verdict.errorKind()).isEmpty();
    assertThat(verdict.errorMessage()).contains("[RESPONSE_TIME] (1500) < 1000");
    assertThat(verdict.failedConditions()).containsExactly(new FailedCondition("[RESPONSE_TIME] < 1000", "[RESPONSE_TIME] (1500) < 1000", true));
  }

  @Test
  void aProbeThatCouldNotCompleteIsDownWithItsReason() {
    ProbeOutcome refused = ProbeOutcome.failed(ProbeFacts.notConnected(Duration.ofMillis(3)), ProbeOutcome.Timings.NONE, ErrorKind.CONNECTION, "connection refused");

    Verdict verdict = judge(http(List.of(), List.of(), Optional.empty()), refused);

    assertThat(verdict.outcome()).isEqualTo(Outcome.DOWN);
    assertThat(verdict.errorKind()).contains(ErrorKind.CONNECTION);
    assertThat(verdict.errorMessage()).contains("connection refused");
    assertThat(verdict.failedConditions()).extracting(FailedCondition::getResolved).containsExactly("[STATUS] (0) == 200");
  }

  @Test
  void aMessageFromTheNetworkIsMadeStorable() {
    ProbeOutcome tls = ProbeOutcome.failed(ProbeFacts.notConnected(Duration.ZERO), ProbeOutcome.Timings.NONE, ErrorKind.TLS, "alert\u0000from\nserver" + "x".repeat(5_000));

    Verdict verdict = judge(http(List.of(), List.of(), Optional.empty()), tls);

    assertThat(verdict.errorMessage()).hasValueSatisfying(m -> {
      assertThat(m).startsWith("alert from server").doesNotContain("\u0000");
      assertThat(m).hasSize(1_000);
    });
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.MinuteRollup;
import io.statuslog.projector.core.ResultFold;
import io.statuslog.projector.core.ResultFold.MinuteKey;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFoldTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void countsEachOutcomePerCheckAndMinute() {
    ResultFold fold =
        ResultFold.of(
            List.of(
                result("api", T0.plusSeconds(1), Outcome.UP, 100),
                result("api", T0.plusSeconds(30), Outcome.DOWN, 300),
                result("api", T0.plusSeconds(59), Outcome.DEGRADED, 50),
                result("api", T0.plusSeconds(60), Outcome.UP, 10),
                result("web", T0.plusSeconds(5), Outcome.UP, 7)));

    assertThat(fold.minutes())
        .containsEntry(new MinuteKey("api", T0), new MinuteRollup(1, 1, 1, 450, 300))
        .containsEntry(new MinuteKey("api", T0.plusSeconds(60)), new MinuteRollup(1, 0, 0, 10, 10))
        .containsEntry(new MinuteKey("web", T0), new MinuteRollup(1, 0, 0, 7, 7))
        .hasSize(3);
  }

  @Test
  void theLatestStatusIsTheResultThatStartedLastNotTheLastInTheBatch() {
    CheckResult fresh = result("api", T0.plusSeconds(60), Outcome.UP, 10);
    CheckResult lateArrival = result("api", T0, Outcome.DOWN, 10);

    ResultFold fold = ResultFold.of(List.of(fresh, lateArrival));

    assertThat(fold.latest()).containsEntry("api", fresh);
  }

  @Test
  void anEmptyBatchFoldsToNothing() {
    ResultFold fold = ResultFold.of(List.of());

    assertThat(fold.minutes()).isEmpty();
    assertThat(fold.latest()).isEmpty();
  }

  static CheckResult result(String checkId, Instant startedAt, Outcome outcome, long durationMs) {
    return CheckResult.newBuilder()
        .setCheckId(checkId)
        .setStartedAt(startedAt)
        .setDurationMs(durationMs)
        .setOutcome(outcome)
        .build();
  }
}

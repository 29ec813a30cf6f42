package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Uptime Kuma's reading of a push URL's query, case by case. */
class PushBeatTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  void aBarePushIsAnUpHeartbeatOfThePushRegion() {
    CheckResult result = PushBeat.result("backup", null, null, null, NOW, "id-1");

    assertThat(result.getOutcome()).isEqualTo(Outcome.UP);
    assertThat(result.getRegion()).isEqualTo("push");
    assertThat(result.getAgent()).isEqualTo("push");
    assertThat(result.getStartedAt()).isEqualTo(NOW);
    assertThat(result.getDurationMs()).isZero();
    assertThat(result.getErrorMessage()).isEqualTo("OK");
    assertThat(result.getErrorKind()).isNull();
    assertThat(result.getSpoolId()).as("a heartbeat is not retried by its sender").isNull();
  }

  @Test
  void onlyUpIsUpAsKumaReadsIt() {
    assertThat(PushBeat.result("b", "up", "", "", NOW, "i").getOutcome()).isEqualTo(Outcome.UP);
    assertThat(PushBeat.result("b", "", "", "", NOW, "i").getOutcome()).as("status= is Kuma's status || \"up\"").isEqualTo(Outcome.UP);
    assertThat(PushBeat.result("b", "down", "disk full", "", NOW, "i").getOutcome()).isEqualTo(Outcome.DOWN);
    assertThat(PushBeat.result("b", "UP", null, null, NOW, "i").getOutcome()).isEqualTo(Outcome.DOWN);
    assertThat(PushBeat.result("b", "down", "disk full", null, NOW, "i").getErrorKind()).isEqualTo(ErrorKind.OTHER);
    assertThat(PushBeat.result("b", "down", "disk full", null, NOW, "i").getErrorMessage()).isEqualTo("disk full");
  }

  @Test
  void pingIsOptionalMillisecondsRoundedAndRefusedWhereKumaRefusesIt() {
    assertThat(PushBeat.result("b", "up", null, "12.6", NOW, "i").getDurationMs()).isEqualTo(13);
    assertThat(PushBeat.result("b", "up", null, "", NOW, "i").getDurationMs()).isZero();
    assertThatThrownBy(() -> PushBeat.pingMs("fast")).hasMessage("ping must be a number of milliseconds, got \"fast\"");
    assertThatThrownBy(() -> PushBeat.pingMs("-1")).hasMessage("ping must not be negative, got -1");
    assertThatThrownBy(() -> PushBeat.pingMs("86400001")).hasMessageStartingWith("ping 86400001 ms is over 24 hours");
  }

  @Test
  void theMessageIsOneBoundedLineWithoutControlCharacters() {
    assertThat(PushBeat.message("line one\nline\u0000two\t")).isEqualTo("line one line two");
    assertThat(PushBeat.message("x".repeat(2_000))).hasSize(PushBeat.MAX_MESSAGE);
    assertThat(PushBeat.message("\n\n")).isEqualTo("OK");
  }
}

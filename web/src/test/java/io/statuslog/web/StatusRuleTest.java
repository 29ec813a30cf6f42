package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.web.core.Status;
import io.statuslog.web.core.StatusRule;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusRuleTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void aRecentResultIsShownAsItIs() {
    assertThat(StatusRule.current("DOWN", NOW.minusSeconds(10), Duration.ofSeconds(30), NOW)).isEqualTo(Status.DOWN);
    assertThat(StatusRule.current("DEGRADED", NOW.minusSeconds(10), Duration.ofSeconds(30), NOW)).isEqualTo(Status.DEGRADED);
  }

  @Test
  void aResultOlderThanThreeIntervalsIsUnknown() {
    assertThat(StatusRule.current("UP", NOW.minus(Duration.ofMinutes(4)), Duration.ofMinutes(1), NOW)).isEqualTo(Status.UNKNOWN);
    assertThat(StatusRule.current("UP", NOW.minus(Duration.ofMinutes(2)), Duration.ofMinutes(1), NOW)).isEqualTo(Status.UP);
  }

  @Test
  void shortIntervalsStillGetTwoMinutesOfGrace() {
    assertThat(StatusRule.current("UP", NOW.minusSeconds(90), Duration.ofSeconds(5), NOW)).isEqualTo(Status.UP);
  }

  @Test
  void noResultIsUnknown() {
    assertThat(StatusRule.current(null, null, Duration.ofSeconds(30), NOW)).isEqualTo(Status.UNKNOWN);
  }

  @Test
  void uptimeCountsDegradedAsUpAndRoundsToHundredths() {
    assertThat(StatusRule.uptimePercent(2, 3)).isEqualTo(66.67);
    assertThat(StatusRule.uptimePercent(0, 0)).isNull();
  }
}

package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void aFewDeathsAreRestartedOneTooManyIsNot() {
    RestartBudget budget = new RestartBudget(2, Duration.ofMinutes(10));

    assertThat(budget.died(T0)).isTrue();
    assertThat(budget.died(T0.plusSeconds(60))).isTrue();
    assertThat(budget.died(T0.plusSeconds(120))).isFalse();
  }

  @Test
  void deathsOutsideTheWindowAreForgiven() {
    RestartBudget budget = new RestartBudget(1, Duration.ofMinutes(10));

    assertThat(budget.died(T0)).isTrue();
    assertThat(budget.died(T0.plus(Duration.ofMinutes(11)))).isTrue();
  }
}

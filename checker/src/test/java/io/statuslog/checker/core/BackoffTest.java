package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsDoubleUpToTheCapAndStartAgainAfterASuccess() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15), 0, () -> 0.99);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waits.add(backoff.next().toSeconds());
    }
    backoff.reset();

    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 15L, 15L);
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void jitterTakesAtMostItsShareOffEachWait() {
    Backoff none = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, () -> 0);
    Backoff most = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5, () -> 0.999_999);

    assertThat(none.next()).isEqualTo(Duration.ofSeconds(1));
    assertThat(most.next()).isEqualTo(Duration.ofMillis(500));
    for (int i = 0; i < 40; i++) {
      none.next();
      most.next();
    }
    assertThat(none.next()).isEqualTo(Duration.ofSeconds(30));
    assertThat(most.next()).isEqualTo(Duration.ofSeconds(15));
  }
}

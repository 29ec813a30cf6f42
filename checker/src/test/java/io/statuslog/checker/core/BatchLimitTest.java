package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLimitTest {
  @Test
  void aBatchHoldsAsManyResultsAsFitInCountAndBytesButAlwaysOne() {
    BatchLimit limit = new BatchLimit(1000, 100);

    // [a,b,c]: 2 brackets + 3 x 30 + 2 commas = 94; a fourth would make 125
    assertThat(limit.take(List.of(30, 30, 30, 30))).isEqualTo(3);
    assertThat(limit.take(List.of(98))).isEqualTo(1);
    assertThat(limit.take(List.of(99, 1))).as("too large alone, it still goes, for ingest to refuse").isEqualTo(1);
    assertThat(new BatchLimit(2, 1 << 20).take(List.of(1, 1, 1))).isEqualTo(2);
    assertThat(limit.take(List.of())).isZero();
  }

  @Test
  void aBatchRefusedAsTooLargeHalvesTheNextOnesUntilManyAreAccepted() {
    BatchLimit limit = new BatchLimit(1000, 1 << 20);
    List<Integer> many = Collections.nCopies(1000, 10);

    limit.tooLarge(1000);
    assertThat(limit.take(many)).isEqualTo(500);
    limit.tooLarge(500);
    limit.tooLarge(250);
    limit.tooLarge(125);
    assertThat(limit.results()).isEqualTo(62);
    for (int i = 0; i < BatchLimit.GROW_AFTER - 1; i++) {
      limit.accepted();
    }
    assertThat(limit.results()).isEqualTo(62);
    limit.accepted();
    assertThat(limit.results()).isEqualTo(124);
  }

  @Test
  void halvingStopsAtOneAndGrowingAtTheMaximum() {
    BatchLimit limit = new BatchLimit(3, 1 << 20);
    limit.tooLarge(2);
    limit.tooLarge(1);
    assertThat(limit.results()).isEqualTo(1);
    for (int i = 0; i < 10 * BatchLimit.GROW_AFTER; i++) {
      limit.accepted();
    }
    assertThat(limit.results()).isEqualTo(3);
  }
}

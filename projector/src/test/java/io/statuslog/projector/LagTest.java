package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.Lag;
import io.statuslog.projector.core.LogPartition;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagTest {
  private static final LogPartition RESULTS_0 = new LogPartition("statuslog.check-results", 0);
  private static final LogPartition RESULTS_1 = new LogPartition("statuslog.check-results", 1);
  private static final LogPartition DEFINITIONS_0 = new LogPartition("statuslog.check-definitions", 0);

  @Test
  void aPartitionWithNothingStoredIsBehindByItsEndOffset() {
    Lag lag = Lag.between(Map.of(RESULTS_0, 40L, RESULTS_1, 7L), Map.of(RESULTS_0, 40L));

    assertThat(lag.total()).isEqualTo(7);
    assertThat(lag.partitionsBehind()).isEqualTo("statuslog.check-results-1=7");
  }

  @Test
  void aProjectorThatPassedTheEndOffsetsReadEarlierIsNotBehind() {
    Lag lag = Lag.between(Map.of(RESULTS_0, 40L, DEFINITIONS_0, 3L), Map.of(RESULTS_0, 43L, DEFINITIONS_0, 2L));

    assertThat(lag.behind()).containsEntry(RESULTS_0, 0L);
    assertThat(lag.total()).isEqualTo(1);
    assertThat(lag.partitionsBehind()).isEqualTo("statuslog.check-definitions-0=1");
  }
}

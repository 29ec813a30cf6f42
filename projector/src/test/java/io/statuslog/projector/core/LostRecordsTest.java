package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LostRecordsTest {
  private static final LogPartition P0 = new LogPartition("results", 0);
  private static final LogPartition P1 = new LogPartition("results", 1);

  @Test
  void aPositionBelowTheLogsFirstOffsetIsAGap() {
    var gaps = LostRecords.between(Map.of(P0, 100L, P1, 40L), Map.of(P0, 250L, P1, 40L));

    assertThat(gaps).containsExactly(new LostRecords.Gap(P0, 100, 250));
    assertThat(gaps.getFirst().count()).isEqualTo(150);
    assertThat(gaps.getFirst()).hasToString("results-0 offsets 100..249 (150 records)");
  }

  @Test
  void noGapWhereTheLogStillHoldsThePosition() {
    assertThat(LostRecords.between(Map.of(P0, 300L), Map.of(P0, 250L))).isEmpty();
  }
}

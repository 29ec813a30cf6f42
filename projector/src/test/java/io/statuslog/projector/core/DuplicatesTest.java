package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DuplicatesTest {
  private static final LogPartition P0 = new LogPartition("results", 0);
  private static final LogPartition P1 = new LogPartition("results", 1);

  @Test
  void aResultDeliveredTwiceIsCountedOnce() {
    Duplicates duplicates = new Duplicates(Map.of());
    Duplicates.Partition p0 = duplicates.in(P0);

    assertThat(p0.firstSeen("spool-a", 1)).isTrue();
    assertThat(p0.firstSeen("spool-a", 2)).isTrue();
    assertThat(p0.firstSeen("spool-a", 1)).as("a retried batch").isFalse();
    assertThat(p0.firstSeen("spool-a", 2)).isFalse();
    assertThat(p0.firstSeen("spool-a", 3)).isTrue();
  }

  @Test
  void spoolsAndPartitionsAreCountedApart() {
    Duplicates duplicates = new Duplicates(Map.of());

    assertThat(duplicates.in(P0).firstSeen("spool-a", 5)).isTrue();
    assertThat(duplicates.in(P0).firstSeen("spool-b", 1)).as("another spool's numbers").isTrue();
    assertThat(duplicates.in(P1).firstSeen("spool-a", 3)).as("the same spool in another partition").isTrue();
  }

  @Test
  void gapsAreNotCopies() {
    Duplicates.Partition p0 = new Duplicates(Map.of()).in(P0);

    assertThat(p0.firstSeen("spool-a", 1)).isTrue();
    assertThat(p0.firstSeen("spool-a", 7)).as("results of other checks went to other partitions").isTrue();
  }

  @Test
  void resultsNoSpoolNumberedAreAlwaysCounted() {
    Duplicates.Partition p0 = new Duplicates(Map.of()).in(P0);

    assertThat(p0.firstSeen(null, 0)).isTrue();
    assertThat(p0.firstSeen(null, 0)).isTrue();
  }

  @Test
  void theStoredNumbersCarryOverARestart() {
    Duplicates restarted = new Duplicates(Map.of(new Duplicates.Mark("spool-a", P0), 10L));

    assertThat(restarted.in(P0).firstSeen("spool-a", 10)).isFalse();
    assertThat(restarted.in(P0).firstSeen("spool-a", 11)).isTrue();
  }

  @Test
  void eachBatchStoresTheNumbersThatMovedInIt() {
    Duplicates duplicates = new Duplicates(Map.of(new Duplicates.Mark("spool-a", P0), 10L));
    duplicates.in(P0).firstSeen("spool-a", 11);
    duplicates.in(P0).firstSeen("spool-a", 12);
    duplicates.in(P1).firstSeen("spool-b", 4);
    duplicates.in(P1).firstSeen("spool-b", 2);

    assertThat(duplicates.endBatch()).isEqualTo(Map.of(new Duplicates.Mark("spool-a", P0), 12L, new Duplicates.Mark("spool-b", P1), 4L));

    duplicates.in(P0).firstSeen("spool-a", 12);
    assertThat(duplicates.endBatch()).as("a batch of copies moves nothing").isEmpty();
  }
}

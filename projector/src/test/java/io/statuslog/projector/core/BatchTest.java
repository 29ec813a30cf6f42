package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchTest {
  private static final LogPartition P0 = new LogPartition("results", 0);
  private static final LogPartition P1 = new LogPartition("results", 1);
  private static final Duplicates.Mark SPOOL_A = new Duplicates.Mark("spool-a", P0);
  private static final Duplicates.Mark SPOOL_B = new Duplicates.Mark("spool-b", P1);

  @Test
  void pollsJoinedKeepTheirRecordsInOrderAndStandWhereTheLastOneEnds() {
    Batch first = new Batch(List.of(result("api", 1)), Map.of("api", Optional.of(definition("API"))), List.of(), 1,
        new Batch.Position(Map.of(P0, 10L, P1, 4L), Map.of(SPOOL_A, 7L, SPOOL_B, 2L)));
    Batch second = new Batch(List.of(result("web", 2), result("api", 3)), Map.of("api", Optional.empty()), List.of(), 2,
        new Batch.Position(Map.of(P0, 25L, P1, 4L), Map.of(SPOOL_A, 9L)));

    Batch joined = Batch.join(List.of(first, second));

    assertThat(joined.results()).extracting(Observation::startedAtMs).containsExactly(1L, 2L, 3L);
    assertThat(joined.definitions()).as("the last change of a check wins").containsExactly(Map.entry("api", Optional.empty()));
    assertThat(joined.setAside()).isEqualTo(3);
    assertThat(joined.size()).isEqualTo(7);
    assertThat(joined.position().nextOffsets()).isEqualTo(Map.of(P0, 25L, P1, 4L));
    assertThat(joined.position().spoolSequences())
        .as("a spool that did not move in the last poll keeps the number it reached before")
        .isEqualTo(Map.of(SPOOL_A, 9L, SPOOL_B, 2L));
  }

  @Test
  void aPartitionTheLastPollDoesNotNameKeepsTheOffsetAnEarlierOneReached() {
    Batch first = new Batch(List.of(), Map.of(), List.of(), 0, new Batch.Position(Map.of(P0, 10L, P1, 4L), Map.of()));
    Batch second = new Batch(List.of(), Map.of(), List.of(), 0, new Batch.Position(Map.of(P0, 12L), Map.of()));

    assertThat(Batch.join(List.of(first, second)).position().nextOffsets()).isEqualTo(Map.of(P0, 12L, P1, 4L));
  }

  @Test
  void oneBatchJoinedIsItself() {
    Batch only = new Batch(List.of(result("api", 1)), Map.of(), List.of(), 0, new Batch.Position(Map.of(P0, 1L), Map.of()));

    assertThat(Batch.join(List.of(only))).isSameAs(only);
  }

  private static Observation result(String checkId, long startedAtMs) {
    return new Observation(checkId, "eu", startedAtMs, 10, Outcome.UP, 200, null, null);
  }

  private static CheckDefinition definition(String name) {
    AvroSerde.trustEvents();
    return CheckDefinition.newBuilder().setCheckId("api").setName(name).setUrl("http://api").setIntervalMs(30_000).setTimeoutMs(5_000).build();
  }
}

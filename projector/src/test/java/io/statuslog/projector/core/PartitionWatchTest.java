package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionWatchTest {
  private static final LogPartition P0 = new LogPartition("results", 0);
  private static final LogPartition P1 = new LogPartition("results", 1);
  private static final LogPartition P2 = new LogPartition("results", 2);

  @Test
  void partitionsAddedToTheLogAreTheOnesToReadFromTheStart() {
    assertThat(PartitionWatch.added(Set.of(P0, P1), Set.of(P0, P1, P2))).containsExactly(P2);
    assertThat(PartitionWatch.added(Set.of(P0, P1), Set.of(P0, P1))).isEmpty();
  }

  @Test
  void itLooksAtMostOncePerInterval() {
    long second = 1_000_000_000L;
    PartitionWatch watch = new PartitionWatch(Duration.ofSeconds(10), 0);

    assertThat(watch.due(5 * second)).isFalse();
    assertThat(watch.due(10 * second)).isTrue();
    assertThat(watch.due(15 * second)).isFalse();
    assertThat(watch.due(20 * second)).isTrue();
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import org.junit.jupiter.api.Test;

class ReplayBatchTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void theDefaultReplayBatchFollowsTheHeapWithinBounds() {
    assertThat(Projector.replayBatchFor(64 * MIB)).isEqualTo(10_000);
    assertThat(Projector.replayBatchFor(512 * MIB)).isEqualTo(52_428);
    assertThat(Projector.replayBatchFor(1000 * MIB)).isEqualTo(100_000);
    assertThat(Projector.replayBatchFor(16 * 1024 * MIB)).isEqualTo(100_000);
  }

  @Test
  void aConfiguredReplayBatchWins() {
    assertThat(new Projector(null, 7_000).replayBatch()).isEqualTo(7_000);
    assertThat(new Projector(null, null).replayBatch()).isEqualTo(Projector.replayBatchFor(Runtime.getRuntime().maxMemory()));
  }
}

package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.Generation.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationTest {
  private static Generation generation(int id, State state, Integer previousLive) {
    return new Generation(id, Generation.schemaFor(id), state, "dev", Instant.EPOCH, Instant.EPOCH, Optional.ofNullable(previousLive));
  }

  @Test
  void theLiveTheCaughtUpAndTheRollbackTargetAreKeptCurrent() {
    List<Generation> all = List.of(
        generation(1, State.RETIRED, null),
        generation(2, State.RETIRED, 1),
        generation(3, State.LIVE, 2),
        generation(4, State.CATCHING_UP, null),
        generation(5, State.BUILDING, null),
        generation(6, State.FAILED, null));

    assertThat(Generation.keptCurrent(all, Set.of())).containsExactlyInAnyOrder(2, 3, 4);
  }

  @Test
  void afterACutoverToAnOlderGenerationTheOneJustRetiredIsKeptNotTheNewestRetired() {
    // 2 was live; `cutover --to 1` made 1 live again, with 2 as its predecessor
    List<Generation> all = List.of(
        generation(1, State.LIVE, 2),
        generation(2, State.RETIRED, 1),
        generation(3, State.RETIRED, 2),
        generation(4, State.CATCHING_UP, null));

    assertThat(Generation.keptCurrent(all, Set.of())).containsExactlyInAnyOrder(1, 2, 4);
  }

  @Test
  void aGenerationMissingRecordsOfTheLogIsLeftAlone() {
    List<Generation> all = List.of(generation(1, State.RETIRED, null), generation(2, State.LIVE, 1), generation(3, State.CATCHING_UP, null));

    assertThat(Generation.keptCurrent(all, Set.of(3))).containsExactlyInAnyOrder(1, 2);
  }
}

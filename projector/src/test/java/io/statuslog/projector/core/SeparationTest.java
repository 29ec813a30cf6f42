package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeparationTest {
  /** A store that refuses any attempt holding a bad item, and keeps what it accepts. */
  private static final class Store {
    final Set<Integer> bad;
    final List<Integer> kept = new ArrayList<>();
    int attempts;

    Store(Set<Integer> bad) {
      this.bad = bad;
    }

    boolean store(List<Integer> items) {
      attempts++;
      if (items.stream().anyMatch(bad::contains)) {
        return false;
      }
      kept.addAll(items);
      return true;
    }
  }

  @Test
  void theRefusedAreFoundAndEverythingElseIsStoredInOrder() {
    List<Integer> items = IntStream.range(0, 1_000).boxed().toList();
    Store store = new Store(Set.of(3, 500, 999));

    List<Integer> refused = Separation.refused(items, store::store);

    assertThat(refused).containsExactly(3, 500, 999);
    assertThat(store.kept).hasSize(997).isSorted().doesNotContain(3, 500, 999);
  }

  @Test
  void oneBadRecordCostsAboutTwoAttemptsPerHalving() {
    Store store = new Store(Set.of(777));

    Separation.refused(IntStream.range(0, 100_000).boxed().toList(), store::store);

    assertThat(store.attempts).isLessThanOrEqualTo(2 * 17 + 1);
  }

  @Test
  void aBatchTheStoreTakesIsStoredInOneAttempt() {
    Store store = new Store(Set.of());

    assertThat(Separation.refused(List.of(1, 2, 3), store::store)).isEmpty();
    assertThat(store.attempts).isOne();
  }
}

package io.statuslog.projector.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the records a store refuses among many it accepts, by halves: a batch that fails is
 * tried again as two, down to the single records at fault, so one bad record costs about two
 * attempts per halving instead of one attempt per record. Whatever the attempts that succeed
 * wrote stays written; what a failed attempt wrote must be undone by it (a savepoint).
 */
public final class Separation {
  private Separation() {}

  /** One try at storing some items; false when the store refused them and kept nothing. */
  @FunctionalInterface
  public interface Attempt<T, E extends Exception> {
    boolean store(List<T> items) throws E;
  }

  /** Stores what the store accepts and returns, in order, the items it refused one by one. */
  public static <T, E extends Exception> List<T> refused(List<T> items, Attempt<T, E> attempt) throws E {
    List<T> refused = new ArrayList<>();
    separate(items, attempt, refused);
    return refused;
  }

  private static <T, E extends Exception> void separate(List<T> items, Attempt<T, E> attempt, List<T> refused) throws E {
    if (items.isEmpty() || attempt.store(items)) {
      return;
    }
    if (items.size() == 1) {
      refused.add(items.getFirst());
      return;
    }
    int half = items.size() / 2;
    separate(items.subList(0, half), attempt, refused);
    separate(items.subList(half, items.size()), attempt, refused);
  }
}

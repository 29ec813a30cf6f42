package io.statuslog.projector.core;

import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One read model generation: a PostgreSQL schema built from the log, and where it stands. */
public record Generation(
    int id, String schemaName, State state, String codeVersion, Instant createdAt, Instant stateChangedAt, Optional<Integer> previousLive) {

  /** Where a generation is in its life. */
  public enum State {
    /** Being replayed from offset 0 by `rebuild`; nothing reads it. */
    BUILDING,
    /** Replayed to the end of the log and kept current by the projector; ready for cutover. */
    CATCHING_UP,
    /** What the public page reads. Exactly one at a time. */
    LIVE,
    /** Was live; the one `rollback` goes back to is kept current, so a rollback is instant. */
    RETIRED,
    /** A build that was abandoned or killed; its schema is dropped on the next rebuild. */
    FAILED;

    public String dbName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static State fromDb(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /**
   * The generations a projector keeps current: the live one, those caught up and waiting for
   * cutover, and the one `rollback` would make live again (the live one's predecessor, which
   * after a cutover to an older generation is not the newest retired one). A generation whose
   * records were deleted from the log is left alone.
   */
  public static Set<Integer> keptCurrent(Collection<Generation> all, Set<Integer> recordsLost) {
    Optional<Integer> rollbackTarget = all.stream().filter(g -> g.state() == State.LIVE).findFirst().flatMap(Generation::previousLive);
    return all.stream()
        .filter(g -> g.state() == State.LIVE || g.state() == State.CATCHING_UP
            || (g.state() == State.RETIRED && rollbackTarget.equals(Optional.of(g.id()))))
        .map(Generation::id)
        .filter(id -> !recordsLost.contains(id))
        .collect(Collectors.toUnmodifiableSet());
  }

  public static String schemaFor(int id) {
    return "rm_" + id;
  }
}

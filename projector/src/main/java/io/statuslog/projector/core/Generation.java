package io.statuslog.projector.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

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
    /** Was live; the newest retired one is kept current so `rollback` is instant. */
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

  public static String schemaFor(int id) {
    return "rm_" + id;
  }
}

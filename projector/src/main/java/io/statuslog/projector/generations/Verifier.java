package io.statuslog.projector.generations;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.db.Lease;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves the live generation against the log: replays the log into a scratch schema up to
 * exactly the offsets the live generation has stored — read in the same snapshot as its
 * counts — and compares results per check and day.
 *
 * <p>The replay is built at the live generation's own schema version and written as that
 * version writes, so both sides hold the same tables with the same retention: a version 1
 * generation keeps every minute, while a newer scratch schema would keep only 48 hours of them
 * and differ from any correct version 1 generation.
 */
public final class Verifier {
  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
  private static final String SCRATCH = "rm_verify";
  /** Shares the rebuild lease: one replay at a time per database. */
  private static final int REPLAY_LEASE = 0;

  /** Counts of one check on one day: up, down, degraded. */
  public record DayCounts(long up, long down, long degraded) {}

  /** What verify found: the differences (empty when equal) and how much it compared. */
  public record Result(int generationId, long results, List<String> differences) {
    public boolean equal() {
      return differences.isEmpty();
    }
  }

  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private final Generations generations;

  public Verifier(KafkaSettings kafka, DataSource dataSource) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.generations = new Generations(kafka, dataSource);
  }

  public Result verify(int replayBatch) throws SQLException {
    Generation live = generations.control().live().orElseThrow(() -> new IllegalStateException("no live generation to verify"));
    ReadModelSchema scratch = new ReadModelSchema(SCRATCH);
    int liveVersion = new ReadModelSchema(live.schemaName()).recordedVersion(dataSource);
    try (Lease replayLease = Lease.tryAcquire(dataSource, REPLAY_LEASE)
        .orElseThrow(() -> new IllegalStateException("a rebuild or another verify is running; try again when it is done"))) {
      Map<LogPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(LogPartition::toString));
      Map<String, DayCounts> liveCounts;
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        offsets.putAll(new ReadModelWriter(new ReadModelSchema(live.schemaName()), 0).storedOffsets(connection));
        liveCounts = dayCounts(connection, live.schemaName(), liveVersion);
        connection.commit();
      }
      dropScratch();
      try {
        scratch.migrate(dataSource, liveVersion);
        ProjectorLoop.Outcome replay = new ProjectorLoop(kafka, dataSource, -1, new ReadModelWriter(scratch, liveVersion),
            ProjectorLoop.Settings.replaying(replayBatch), ProjectorLoop.Observer.NONE).runUntil(offsets);
        if (replay instanceof ProjectorLoop.Outcome.RecordsLost lost) {
          throw new IllegalStateException("the log no longer holds records the live generation was built from (" + lost.gaps() + "); it cannot be verified");
        }
        Map<String, DayCounts> replayed;
        try (Connection connection = dataSource.getConnection()) {
          replayed = dayCounts(connection, SCRATCH, liveVersion);
        }
        long results = replayed.values().stream().mapToLong(c -> c.up() + c.down() + c.degraded()).sum();
        return new Result(live.id(), results, differences(liveCounts, replayed));
      } finally {
        dropScratchAfter();
      }
    }
  }

  /** Drops the scratch schema; when PostgreSQL is gone, what ended the verify is the error to report, and the next verify drops it first. */
  private void dropScratchAfter() {
    try {
      dropScratch();
    } catch (SQLException e) {
      LOG.warn("verify could not drop its scratch schema {}; the next verify drops it: {}", SCRATCH, e.getMessage());
    }
  }

  static List<String> differences(Map<String, DayCounts> live, Map<String, DayCounts> replayed) {
    List<String> differences = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(live.keySet());
    keys.addAll(replayed.keySet());
    for (String key : keys) {
      DayCounts inLive = live.getOrDefault(key, new DayCounts(0, 0, 0));
      DayCounts inLog = replayed.getOrDefault(key, new DayCounts(0, 0, 0));
      if (!inLive.equals(inLog)) {
        differences.add(key + ": live has " + inLive + ", the log has " + inLog);
      }
    }
    return differences;
  }

  /** Per check and UTC day; from day rollups where the version has them (it then keeps minutes 48 h only). */
  private static Map<String, DayCounts> dayCounts(Connection connection, String schema, int version) throws SQLException {
    Map<String, DayCounts> counts = new TreeMap<>();
    String source = version >= 2 ? schema + ".rollup_day" : schema + ".rollup_minute";
    String bucket = version >= 2 ? "day" : "minute";
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT check_id, to_char(date_trunc('day', " + bucket + " AT TIME ZONE 'UTC'), 'YYYY-MM-DD'),"
                + " sum(up_count), sum(down_count), sum(degraded_count) FROM " + source + " GROUP BY 1, 2")) {
      while (rows.next()) {
        counts.put(rows.getString(1) + " " + rows.getString(2), new DayCounts(rows.getLong(3), rows.getLong(4), rows.getLong(5)));
      }
    }
    return counts;
  }

  private void dropScratch() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + SCRATCH + " CASCADE");
    }
  }
}

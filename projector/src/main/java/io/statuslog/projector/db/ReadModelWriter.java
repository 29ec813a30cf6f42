package io.statuslog.projector.db;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.Duplicates;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.Observation;
import io.statuslog.projector.core.ResultFold;
import io.statuslog.projector.core.ResultFold.BucketKey;
import io.statuslog.projector.core.Rollup;
import io.statuslog.projector.core.Separation;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.readmodel.LatencyBuckets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGConnection;

/**
 * Writes a batch into one generation and records the position it was read up to (offsets, and
 * the spool numbers duplicate detection needs), in one transaction: a crash before commit leaves
 * neither rows nor position; after commit, both.
 *
 * <p>A record PostgreSQL refuses (a NUL in a text, a number out of range, an incident update for
 * an incident the generation does not hold) fails the whole batch; {@link #applySeparating}
 * then stores the batch record by record in halves, sets the refused ones aside, and commits
 * the rest. Refusal is a property of the record, so every generation refuses the same ones.
 *
 * <p>It writes what the generation's schema version holds, so the projector keeps an older
 * generation current (for readers, and for rollback) while a newer one is built beside it.
 */
public final class ReadModelWriter {
  /** Called inside the transaction, after the rows are written and before commit. */
  @FunctionalInterface
  public interface BeforeCommit {
    void run() throws SQLException;
  }

  /** Version 2 added hour and day rollups, histograms, status per region and incidents. */
  private static final int FULL_READ_MODEL = 2;
  /** Version 3 added incident severity and the incident_updates timeline. */
  private static final int INCIDENT_UPDATES = 3;
  /** Version 4 stores spool numbers, so a copy delivered twice is counted once across restarts. */
  private static final int SPOOL_SEQUENCES = 4;

  /** One record of a batch on its own, and where it came from. */
  public record Item<S>(Batch content, S source) {}

  /** A record PostgreSQL refused, and why, in its words. */
  public record Refused<S>(S source, String reason) {}

  /** Sets refused records aside before the batch that leaves them out commits. */
  @FunctionalInterface
  public interface SetAside<S> {
    void setAside(List<Refused<S>> refused) throws SQLException;
  }

  /**
   * Minute detail is only read for the last 24 hours; older minutes live on in the hour and day
   * rollups. Keeping 48 hours of minutes bounds the table and lets a replay skip most rows.
   */
  public static final Duration MINUTE_RETENTION = Duration.ofHours(48);
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

  private final ReadModelSchema schema;
  private final int version;
  private final Clock clock;
  /** The statements every batch runs, their text built once. */
  private final String minuteUpsert;
  private final String hourUpsert;
  private final String dayUpsert;
  private final String statusUpsert;
  private final String regionStatusUpsert;
  private Instant lastPrune = Instant.EPOCH;

  public ReadModelWriter(ReadModelSchema schema, int version) {
    this(schema, version, Clock.systemUTC());
  }

  public ReadModelWriter(ReadModelSchema schema, int version, Clock clock) {
    this.schema = schema;
    this.version = version;
    this.clock = clock;
    boolean histogram = version >= FULL_READ_MODEL;
    this.minuteUpsert = rollupUpsert(schema, "rollup_minute", "minute", histogram);
    this.hourUpsert = rollupUpsert(schema, "rollup_hour", "hour", histogram);
    this.dayUpsert = rollupUpsert(schema, "rollup_day", "day", histogram);
    this.statusUpsert = statusUpsert(schema, "check_status", false);
    this.regionStatusUpsert = statusUpsert(schema, "check_region_status", true);
  }

  public int version() {
    return version;
  }

  /**
   * True when PostgreSQL refused a record's data: class 22 (a NUL in a text, a number or date out
   * of range), a foreign key or check constraint (an update of an incident the generation does
   * not hold, an unknown severity), class 54 (an index row too large). Anything else (the
   * connection, the server, a not-null or unique violation our own statements should never
   * cause) is no record's fault, and a retry of the same batch may get past it.
   */
  public static boolean refusesData(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.equals("23503") || state.equals("23514") || state.startsWith("54"));
  }

  /** The highest spool numbers the generation has counted, per spool and partition; none before version 4. */
  public Map<Duplicates.Mark, Long> storedSpoolSequences(Connection connection) throws SQLException {
    Map<Duplicates.Mark, Long> sequences = new HashMap<>();
    if (version < SPOOL_SEQUENCES) {
      return sequences;
    }
    try (PreparedStatement select =
            connection.prepareStatement("SELECT spool_id, topic, partition, last_sequence FROM " + schema.table("spool_sequences"));
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        sequences.put(new Duplicates.Mark(rows.getString(1), new LogPartition(rows.getString(2), rows.getInt(3))), rows.getLong(4));
      }
    }
    return sequences;
  }

  public Map<LogPartition, Long> storedOffsets(Connection connection) throws SQLException {
    Map<LogPartition, Long> offsets = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement("SELECT topic, partition, next_offset FROM " + schema.table("consumed_offsets"));
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        offsets.put(new LogPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
      }
    }
    return offsets;
  }

  public void apply(Connection connection, Batch batch, BeforeCommit beforeCommit) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      writeContent(connection, batch);
      writePosition(connection, batch.position());
      beforeCommit.run();
      connection.commit();
    } catch (Throwable e) {
      // Everything, errors too: restoring auto-commit below would commit an open transaction.
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /**
   * Writes the items that PostgreSQL accepts and the position, in one transaction; the items it
   * refuses are found by halves (each attempt in a savepoint) and handed to {@code setAside}
   * before the commit. When it refuses every item of several, the fault is not in the records
   * (a broken migration, say): nothing is set aside, and what is thrown is not a refusal of data,
   * so the caller retries instead of setting the next batch aside too.
   */
  public <S> List<Refused<S>> applySeparating(
      Connection connection, List<Item<S>> items, Batch.Position position, SetAside<S> setAside, BeforeCommit beforeCommit)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      Map<Item<S>, SQLException> refusals = new IdentityHashMap<>();
      List<Item<S>> refusedItems = Separation.refused(items, slice -> {
        Savepoint savepoint = connection.setSavepoint();
        try {
          writeContent(connection, Batch.merge(slice.stream().map(Item::content).toList()));
          connection.releaseSavepoint(savepoint);
          return true;
        } catch (SQLException e) {
          if (!refusesData(e)) {
            throw e;
          }
          connection.rollback(savepoint);
          if (slice.size() == 1) {
            refusals.put(slice.getFirst(), e);
          }
          return false;
        }
      });
      if (refusedItems.size() == items.size() && items.size() > 1) {
        SQLException last = refusals.get(refusedItems.getLast());
        throw new SQLException("PostgreSQL refused every one of " + items.size() + " records (" + last.getSQLState() + " "
            + last.getMessage().lines().findFirst().orElse("") + "): the generation is at fault, not the records", null, last);
      }
      List<Refused<S>> refused = new ArrayList<>();
      for (Item<S> item : refusedItems) {
        SQLException reason = refusals.get(item);
        refused.add(new Refused<>(item.source(), "PostgreSQL refused it: " + reason.getSQLState() + " " + reason.getMessage().lines().findFirst().orElse("")));
      }
      setAside.setAside(refused);
      writePosition(connection, position);
      beforeCommit.run();
      connection.commit();
      return refused;
    } catch (Throwable e) {
      // Everything, errors too: restoring auto-commit below would commit an open transaction.
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** The rows of a batch, inside the caller's transaction. */
  private void writeContent(Connection connection, Batch batch) throws SQLException {
    writeDefinitions(connection, batch.definitions());
    // Only versions with hour and day rollups may drop old minutes: V1 has nothing else.
    ResultFold fold = ResultFold.of(batch.results(), version >= FULL_READ_MODEL ? minuteCutoff() : Instant.MIN);
    writeRollups(connection, minuteUpsert, fold.minutes());
    writeStatuses(connection, statusUpsert, false, fold.latest().values());
    if (version >= FULL_READ_MODEL) {
      writeRollups(connection, hourUpsert, fold.hours());
      writeRollups(connection, dayUpsert, fold.days());
      writeStatuses(connection, regionStatusUpsert, true, fold.latestPerRegion().values());
      for (IncidentEvent event : batch.incidents()) {
        writeIncident(connection, event);
      }
    }
  }

  private Instant minuteCutoff() {
    return clock.instant().minus(MINUTE_RETENTION);
  }

  /** The position, and housekeeping that belongs to no record. */
  private void writePosition(Connection connection, Batch.Position position) throws SQLException {
    pruneMinutes(connection, minuteCutoff());
    writeOffsets(connection, position.nextOffsets());
    if (version >= SPOOL_SEQUENCES) {
      writeSpoolSequences(connection, position.spoolSequences());
    }
  }

  private void writeSpoolSequences(Connection connection, Map<Duplicates.Mark, Long> sequences) throws SQLException {
    if (sequences.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO " + schema.table("spool_sequences") + " AS t (spool_id, topic, partition, last_sequence) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (spool_id, topic, partition) DO UPDATE SET last_sequence = GREATEST(t.last_sequence, EXCLUDED.last_sequence)")) {
      for (var entry : sequences.entrySet()) {
        upsert.setString(1, entry.getKey().spoolId());
        upsert.setString(2, entry.getKey().partition().topic());
        upsert.setInt(3, entry.getKey().partition().partition());
        upsert.setLong(4, entry.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private void writeDefinitions(Connection connection, Map<String, Optional<CheckDefinition>> definitions) throws SQLException {
    if (definitions.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO " + schema.table("checks")
                    + " (check_id, name, component, url, interval_ms, timeout_ms, expected_status, public)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (check_id) DO UPDATE SET name = EXCLUDED.name, component = EXCLUDED.component,"
                    + " url = EXCLUDED.url, interval_ms = EXCLUDED.interval_ms, timeout_ms = EXCLUDED.timeout_ms,"
                    + " expected_status = EXCLUDED.expected_status, public = EXCLUDED.public");
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM " + schema.table("checks") + " WHERE check_id = ?")) {
      for (var entry : definitions.entrySet()) {
        if (entry.getValue().isEmpty()) {
          delete.setString(1, entry.getKey());
          delete.addBatch();
          continue;
        }
        CheckDefinition definition = entry.getValue().get();
        upsert.setString(1, entry.getKey());
        upsert.setString(2, definition.getName());
        upsert.setString(3, definition.getComponent());
        upsert.setString(4, definition.getUrl());
        upsert.setLong(5, definition.getIntervalMs());
        upsert.setLong(6, definition.getTimeoutMs());
        upsert.setInt(7, definition.getExpectedStatus());
        upsert.setBoolean(8, definition.getPublic$());
        upsert.addBatch();
      }
      upsert.executeBatch();
      delete.executeBatch();
    }
  }

  private void pruneMinutes(Connection connection, Instant cutoff) throws SQLException {
    if (version < FULL_READ_MODEL || lastPrune.plus(PRUNE_EVERY).isAfter(clock.instant())) {
      return;
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + schema.table("rollup_minute") + " WHERE minute < ?")) {
      delete.setTimestamp(1, Timestamp.from(cutoff));
      delete.executeUpdate();
    }
    lastPrune = clock.instant();
  }

  /**
   * Adds rollup deltas to their buckets with one statement per table: the rows travel as one
   * array per column and PostgreSQL unnests them, so a batch costs one round trip and one plan
   * whatever its size. The histograms travel as one array per bucket and are added element by
   * element in the statement itself (V2's add_buckets function, an aggregate over unnest, cost
   * more than everything else in a replay).
   */
  private void writeRollups(Connection connection, String upsertSql, Map<BucketKey, Rollup> rollups) throws SQLException {
    if (rollups.isEmpty()) {
      return;
    }
    boolean histogram = version >= FULL_READ_MODEL;
    int rows = rollups.size();
    String[] checkIds = new String[rows];
    long[] starts = new long[rows];
    long[] up = new long[rows];
    long[] down = new long[rows];
    long[] degraded = new long[rows];
    long[] latencySum = new long[rows];
    long[] latencyMax = new long[rows];
    long[][] buckets = new long[LatencyBuckets.COUNT][rows];
    int row = 0;
    for (var entry : rollups.entrySet()) {
      Rollup rollup = entry.getValue();
      checkIds[row] = entry.getKey().checkId();
      starts[row] = entry.getKey().startMs();
      up[row] = rollup.up();
      down[row] = rollup.down();
      degraded[row] = rollup.degraded();
      latencySum[row] = rollup.latencySumMs();
      latencyMax[row] = rollup.latencyMaxMs();
      for (int i = 0; i < LatencyBuckets.COUNT; i++) {
        buckets[i][row] = rollup.latencyBuckets()[i];
      }
      row++;
    }
    try (PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      int i = 0;
      upsert.setArray(++i, pg.createArrayOf("text", checkIds));
      for (long[] column : List.of(starts, up, down, degraded, latencySum, latencyMax)) {
        upsert.setArray(++i, pg.createArrayOf("int8", column));
      }
      if (histogram) {
        for (long[] column : buckets) {
          upsert.setArray(++i, pg.createArrayOf("int8", column));
        }
      }
      upsert.executeUpdate();
    }
  }

  private static String rollupUpsert(ReadModelSchema schema, String tableName, String bucketColumn, boolean histogram) {
    StringBuilder bucketParams = new StringBuilder();
    StringBuilder bucketColumns = new StringBuilder();
    StringBuilder bucketSums = new StringBuilder();
    for (int i = 1; i <= LatencyBuckets.COUNT; i++) {
      String separator = i == 1 ? "" : ", ";
      bucketParams.append(", ?::bigint[]");
      bucketColumns.append(separator).append("b").append(i);
      bucketSums.append(separator).append("coalesce(t.latency_buckets[").append(i).append("], 0) + EXCLUDED.latency_buckets[").append(i).append("]");
    }
    return "INSERT INTO " + schema.table(tableName) + " AS t"
        + " (check_id, " + bucketColumn + ", up_count, down_count, degraded_count, latency_sum_ms, latency_max_ms"
        + (histogram ? ", latency_buckets" : "") + ")"
        + " SELECT check_id, " + fromEpochMs("bucket_ms") + ", up_count, down_count, degraded_count, latency_sum_ms, latency_max_ms"
        + (histogram ? ", ARRAY[" + bucketColumns + "]" : "")
        + " FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]"
        + (histogram ? bucketParams : "") + ")"
        + " AS r(check_id, bucket_ms, up_count, down_count, degraded_count, latency_sum_ms, latency_max_ms"
        + (histogram ? ", " + bucketColumns : "") + ")"
        + " ON CONFLICT (check_id, " + bucketColumn + ") DO UPDATE SET"
        + " up_count = t.up_count + EXCLUDED.up_count,"
        + " down_count = t.down_count + EXCLUDED.down_count,"
        + " degraded_count = t.degraded_count + EXCLUDED.degraded_count,"
        + " latency_sum_ms = t.latency_sum_ms + EXCLUDED.latency_sum_ms,"
        + " latency_max_ms = GREATEST(t.latency_max_ms, EXCLUDED.latency_max_ms)"
        + (histogram ? ", latency_buckets = ARRAY[" + bucketSums + "]" : "");
  }

  /** The newest result per check (or per check and region), as arrays for {@link #statusUpsert}. */
  private void writeStatuses(Connection connection, String upsertSql, boolean perRegion, Collection<Observation> results)
      throws SQLException {
    if (results.isEmpty()) {
      return;
    }
    int rows = results.size();
    String[] checkIds = new String[rows];
    String[] regions = new String[rows];
    String[] statuses = new String[rows];
    long[] checkedAt = new long[rows];
    long[] durations = new long[rows];
    Integer[] httpStatuses = new Integer[rows];
    String[] errorKinds = new String[rows];
    String[] errorMessages = new String[rows];
    int row = 0;
    for (Observation result : results) {
      checkIds[row] = result.checkId();
      regions[row] = result.region();
      statuses[row] = result.outcome().name();
      checkedAt[row] = result.startedAtMs();
      durations[row] = result.durationMs();
      httpStatuses[row] = result.httpStatus();
      errorKinds[row] = result.errorKind() == null ? null : result.errorKind().name();
      errorMessages[row] = result.errorMessage();
      row++;
    }
    try (PreparedStatement upsert = connection.prepareStatement(upsertSql)) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      int i = 0;
      upsert.setArray(++i, pg.createArrayOf("text", checkIds));
      if (perRegion) {
        upsert.setArray(++i, pg.createArrayOf("text", regions));
      }
      upsert.setArray(++i, pg.createArrayOf("text", statuses));
      upsert.setArray(++i, pg.createArrayOf("int8", checkedAt));
      upsert.setArray(++i, pg.createArrayOf("int8", durations));
      upsert.setArray(++i, pg.createArrayOf("int4", httpStatuses));
      upsert.setArray(++i, pg.createArrayOf("text", errorKinds));
      upsert.setArray(++i, pg.createArrayOf("text", errorMessages));
      upsert.executeUpdate();
    }
  }

  /**
   * Upserts the newest result per check (or per check and region) in one statement, as the
   * rollups are; a row is only replaced by a result that started later.
   */
  private static String statusUpsert(ReadModelSchema schema, String tableName, boolean perRegion) {
    String keyColumns = perRegion ? "check_id, region" : "check_id";
    return "INSERT INTO " + schema.table(tableName) + " AS t"
        + " (" + keyColumns + ", status, last_checked_at, duration_ms, http_status, error_kind, error_message)"
        + " SELECT " + keyColumns + ", status, " + fromEpochMs("checked_at_ms") + ", duration_ms, http_status, error_kind, error_message"
        + " FROM unnest(?::text[], " + (perRegion ? "?::text[], " : "") + "?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::text[], ?::text[])"
        + " AS r(" + keyColumns + ", status, checked_at_ms, duration_ms, http_status, error_kind, error_message)"
        + " ON CONFLICT (" + keyColumns + ") DO UPDATE SET status = EXCLUDED.status,"
        + " last_checked_at = EXCLUDED.last_checked_at, duration_ms = EXCLUDED.duration_ms,"
        + " http_status = EXCLUDED.http_status, error_kind = EXCLUDED.error_kind,"
        + " error_message = EXCLUDED.error_message"
        + " WHERE t.last_checked_at <= EXCLUDED.last_checked_at";
  }

  /**
   * A time sent as epoch milliseconds, for arrays of thousands of them: PostgreSQL reads a
   * bigint array in binary, where a text timestamp is formatted here and parsed there, row by row.
   * A number times an interval is computed in double precision: milliseconds times 1,000
   * microseconds lose exactness after the year 4253, whole seconds times 1,000,000 and the
   * milliseconds left over stay exact for the years 1 to 9999 that {@code Storable} allows.
   */
  private static String fromEpochMs(String column) {
    return "(timestamptz 'epoch' + (" + column + " / 1000) * interval '1 second' + (" + column + " % 1000) * interval '1 millisecond')";
  }

  /** Incidents are rare: one event at a time, in log order, idempotent by event id. */
  private void writeIncident(Connection connection, IncidentEvent event) throws SQLException {
    Timestamp at = Timestamp.from(event.getAt());
    boolean withSeverity = version >= INCIDENT_UPDATES;
    String severity = event.getSeverity() == null ? null : event.getSeverity().name();
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO " + schema.table("incidents")
                + " (incident_id, title, state, affected_components, opened_at, updated_at, resolved_at"
                + (withSeverity ? ", severity" : "") + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?" + (withSeverity ? ", coalesce(?, 'MINOR')" : "") + ")"
                + " ON CONFLICT (incident_id) DO UPDATE SET"
                + " title = coalesce(?, incidents.title),"
                + " state = CASE WHEN ? = 'RESOLVED' THEN 'RESOLVED' ELSE incidents.state END,"
                + " affected_components = CASE WHEN cardinality(EXCLUDED.affected_components) > 0"
                + "   THEN EXCLUDED.affected_components ELSE incidents.affected_components END,"
                + " updated_at = GREATEST(incidents.updated_at, EXCLUDED.updated_at),"
                + " resolved_at = coalesce(EXCLUDED.resolved_at, incidents.resolved_at)"
                + (withSeverity ? ", severity = coalesce(?, incidents.severity)" : ""))) {
      int i = 0;
      upsert.setString(++i, event.getIncidentId());
      upsert.setString(++i, event.getTitle() == null ? event.getIncidentId() : event.getTitle());
      upsert.setString(++i, event.getType().name().equals("RESOLVED") ? "RESOLVED" : "OPEN");
      upsert.setArray(++i, connection.createArrayOf("text", event.getAffectedComponents().toArray()));
      upsert.setTimestamp(++i, at);
      upsert.setTimestamp(++i, at);
      upsert.setTimestamp(++i, event.getType().name().equals("RESOLVED") ? at : null);
      if (withSeverity) {
        upsert.setString(++i, severity);
      }
      upsert.setString(++i, event.getTitle());
      upsert.setString(++i, event.getType().name());
      if (withSeverity) {
        upsert.setString(++i, severity);
      }
      upsert.executeUpdate();
    }
    if (withSeverity) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO " + schema.table("incident_updates")
                  + " (event_id, incident_id, at, kind, severity, text, author) VALUES (?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (event_id) DO NOTHING")) {
        insert.setString(1, event.getEventId());
        insert.setString(2, event.getIncidentId());
        insert.setTimestamp(3, at);
        insert.setString(4, event.getType().name());
        insert.setString(5, severity);
        insert.setString(6, event.getText());
        insert.setString(7, event.getAuthor());
        insert.executeUpdate();
      }
    }
  }

  private void writeOffsets(Connection connection, Map<LogPartition, Long> offsets) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO " + schema.table("consumed_offsets") + " (topic, partition, next_offset) VALUES (?, ?, ?)"
                + " ON CONFLICT (topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset")) {
      for (var entry : offsets.entrySet()) {
        upsert.setString(1, entry.getKey().topic());
        upsert.setInt(2, entry.getKey().partition());
        upsert.setLong(3, entry.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }
}

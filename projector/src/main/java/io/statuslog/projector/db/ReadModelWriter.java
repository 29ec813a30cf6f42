package io.statuslog.projector.db;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.MinuteRollup;
import io.statuslog.projector.core.ResultFold;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a batch into the read model and records the offsets it was read up to, in one
 * transaction. A crash before commit leaves neither rows nor offsets; after commit, both.
 */
public final class ReadModelWriter {
  /** Called inside the transaction, after the rows are written and before commit. */
  @FunctionalInterface
  public interface BeforeCommit {
    void run() throws SQLException;
  }

  private final ReadModelSchema schema;

  public ReadModelWriter(ReadModelSchema schema) {
    this.schema = schema;
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
      writeDefinitions(connection, batch.definitions());
      ResultFold fold = ResultFold.of(batch.results());
      writeRollups(connection, fold.minutes());
      writeStatuses(connection, fold.latest());
      writeOffsets(connection, batch.nextOffsets());
      beforeCommit.run();
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
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

  private void writeRollups(Connection connection, Map<ResultFold.MinuteKey, MinuteRollup> minutes) throws SQLException {
    if (minutes.isEmpty()) {
      return;
    }
    String table = schema.table("rollup_minute");
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO " + table
                + " (check_id, minute, up_count, down_count, degraded_count, latency_sum_ms, latency_max_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (check_id, minute) DO UPDATE SET"
                + " up_count = rollup_minute.up_count + EXCLUDED.up_count,"
                + " down_count = rollup_minute.down_count + EXCLUDED.down_count,"
                + " degraded_count = rollup_minute.degraded_count + EXCLUDED.degraded_count,"
                + " latency_sum_ms = rollup_minute.latency_sum_ms + EXCLUDED.latency_sum_ms,"
                + " latency_max_ms = GREATEST(rollup_minute.latency_max_ms, EXCLUDED.latency_max_ms)")) {
      for (var entry : minutes.entrySet()) {
        MinuteRollup rollup = entry.getValue();
        upsert.setString(1, entry.getKey().checkId());
        upsert.setTimestamp(2, Timestamp.from(entry.getKey().minute()));
        upsert.setInt(3, rollup.up());
        upsert.setInt(4, rollup.down());
        upsert.setInt(5, rollup.degraded());
        upsert.setLong(6, rollup.latencySumMs());
        upsert.setLong(7, rollup.latencyMaxMs());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  private void writeStatuses(Connection connection, Map<String, CheckResult> latest) throws SQLException {
    if (latest.isEmpty()) {
      return;
    }
    String table = schema.table("check_status");
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO " + table
                + " (check_id, status, last_checked_at, duration_ms, http_status, error_kind, error_message)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (check_id) DO UPDATE SET status = EXCLUDED.status,"
                + " last_checked_at = EXCLUDED.last_checked_at, duration_ms = EXCLUDED.duration_ms,"
                + " http_status = EXCLUDED.http_status, error_kind = EXCLUDED.error_kind,"
                + " error_message = EXCLUDED.error_message"
                + " WHERE check_status.last_checked_at <= EXCLUDED.last_checked_at")) {
      for (CheckResult result : latest.values()) {
        upsert.setString(1, result.getCheckId());
        upsert.setString(2, result.getOutcome().name());
        upsert.setTimestamp(3, Timestamp.from(result.getStartedAt()));
        upsert.setLong(4, result.getDurationMs());
        if (result.getHttpStatus() == null) {
          upsert.setNull(5, Types.INTEGER);
        } else {
          upsert.setInt(5, result.getHttpStatus());
        }
        upsert.setString(6, result.getErrorKind() == null ? null : result.getErrorKind().name());
        upsert.setString(7, result.getErrorMessage());
        upsert.addBatch();
      }
      upsert.executeBatch();
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

package io.statuslog.bench.chaos;

import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.ResultLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts results where the promise says they must be: in the log, each result id once, as a
 * read_committed consumer sees it (aborted transactions are not results); and in the live
 * generation, by its day rollups. The same counts as NothingLostIT's.
 */
final class Census {
  /**
   * The log, per check: distinct results; results of probes that got no HTTP answer (timed out,
   * connection failed), which the target may never have seen; records repeating a result id.
   */
  record InLog(Map<String, Long> results, Map<String, Long> noAnswer, Map<String, Long> duplicates) {
    long total() {
      return results.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final KafkaSettings kafka;
  private final String jdbcUrl;

  Census(KafkaSettings kafka, String jdbcUrl) {
    this.kafka = kafka;
    this.jdbcUrl = jdbcUrl;
  }

  InLog log() {
    Map<String, Long> results = new TreeMap<>();
    Map<String, Long> noAnswer = new TreeMap<>();
    Map<String, Long> duplicates = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    ResultLog.forEach(kafka, result -> {
      if (!seen.add(result.getResultId())) {
        duplicates.merge(result.getCheckId(), 1L, Long::sum);
        return;
      }
      results.merge(result.getCheckId(), 1L, Long::sum);
      if (result.getHttpStatus() == null) {
        noAnswer.merge(result.getCheckId(), 1L, Long::sum);
      }
    });
    return new InLog(results, noAnswer, duplicates);
  }

  /** Per check, the results the live generation's day rollups count; empty before there is one. */
  Map<String, Long> liveGeneration() throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
      Optional<String> schema = liveSchema(statement);
      if (schema.isEmpty()) {
        return counts;
      }
      try (ResultSet rows = statement.executeQuery(
          "SELECT check_id, sum(up_count + down_count + degraded_count) FROM " + schema.get() + ".rollup_day GROUP BY check_id")) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getLong(2));
        }
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return counts; // not created yet
      }
      throw e;
    }
    return counts;
  }

  /** The schema of the live generation, for the report. */
  Optional<String> liveSchema() throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
      return liveSchema(statement);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Optional<String> liveSchema(Statement statement) throws SQLException {
    try (ResultSet live = statement.executeQuery("SELECT schema_name FROM statuslog_control.generations WHERE state = 'live'")) {
      return live.next() ? Optional.of(live.getString(1)) : Optional.empty();
    }
  }
}

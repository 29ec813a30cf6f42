package io.statuslog.app;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** What the live generation of the read model holds, read as the drills count it. */
final class LiveGeneration {
  private LiveGeneration() {}

  /** Per check, the results the live generation's day rollups count; empty before there is one. */
  static Map<String, Long> counts(DataSource dataSource) throws SQLException {
    return query(dataSource, "SELECT check_id, sum(up_count + down_count + degraded_count) FROM %s.rollup_day GROUP BY check_id",
        rows -> rows.getLong(2));
  }

  /** Per check and region ({@code check/region}), the outcome of its latest result there. */
  static Map<String, String> regionStatuses(DataSource dataSource) throws SQLException {
    Map<String, String> statuses = new TreeMap<>();
    query(dataSource, "SELECT check_id, region, status FROM %s.check_region_status", rows -> {
      statuses.put(rows.getString(1) + "/" + rows.getString(2), rows.getString(3));
      return 0L;
    });
    return statuses;
  }

  private interface Row {
    long read(ResultSet rows) throws SQLException;
  }

  private static Map<String, Long> query(DataSource dataSource, String sql, Row row) throws SQLException {
    Map<String, Long> values = new TreeMap<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      String schema;
      try (ResultSet live = statement.executeQuery("SELECT schema_name FROM statuslog_control.generations WHERE state = 'live'")) {
        if (!live.next()) {
          return values;
        }
        schema = live.getString(1);
      }
      try (ResultSet rows = statement.executeQuery(sql.formatted(schema))) {
        while (rows.next()) {
          values.put(rows.getString(1), row.read(rows));
        }
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
        return values; // not created yet
      }
      throw e;
    }
    return values;
  }
}

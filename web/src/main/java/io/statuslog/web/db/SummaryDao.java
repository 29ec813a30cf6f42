package io.statuslog.web.db;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.core.StatusRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Reads the public checks, their latest status and 24-hour uptime from the read model. */
public final class SummaryDao {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;

  public SummaryDao(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  private static String sql(String schema) {
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("not a read model schema: " + schema);
    }
    // Checks with results but no definition (yet) are shown too, by id.
    return
        "SELECT coalesce(c.check_id, s.check_id) AS id, coalesce(c.name, s.check_id) AS name, c.component,"
            + " c.interval_ms, s.status, s.last_checked_at, r.up_or_degraded, r.total"
            + " FROM " + schema + ".checks c"
            + " FULL JOIN " + schema + ".check_status s ON s.check_id = c.check_id"
            + " LEFT JOIN (SELECT check_id, sum(up_count + degraded_count) AS up_or_degraded,"
            + "   sum(up_count + down_count + degraded_count) AS total"
            + "   FROM " + schema + ".rollup_minute WHERE minute >= ? GROUP BY check_id) r"
            + " ON r.check_id = coalesce(c.check_id, s.check_id)"
            + " WHERE coalesce(c.public, true)"
            + " ORDER BY c.component NULLS LAST, name";
  }

  public List<CheckSummary> publicChecks(String schema, Instant now) throws SQLException {
    List<CheckSummary> checks = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql(schema))) {
      select.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(24))));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long intervalMs = rows.getLong("interval_ms");
          Duration interval = rows.wasNull() ? null : Duration.ofMillis(intervalMs);
          Timestamp lastCheckedAt = rows.getTimestamp("last_checked_at");
          Instant last = lastCheckedAt == null ? null : lastCheckedAt.toInstant();
          checks.add(
              new CheckSummary(
                  rows.getString("id"),
                  rows.getString("name"),
                  rows.getString("component"),
                  StatusRule.current(rows.getString("status"), last, interval, now),
                  last,
                  StatusRule.uptimePercent(rows.getLong("up_or_degraded"), rows.getLong("total"))));
        }
      }
    }
    return checks;
  }
}

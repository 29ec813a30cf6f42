package io.statuslog.web.db;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.DayUptime;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.LatencyPoint;
import io.statuslog.web.api.RegionStatus;
import io.statuslog.web.api.Snapshot;
import io.statuslog.schemas.readmodel.LatencyBuckets;
import io.statuslog.web.core.CheckTypes;
import io.statuslog.web.core.Status;
import io.statuslog.web.core.StatusRule;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Reads one snapshot of the public page from a generation, in one read-only transaction so
 * its parts agree. Version 1 generations have only minute rollups and no incidents; the
 * queries adapt, so an old generation still serves a page.
 */
public final class SnapshotDao {
  private static final int DAYS = io.statuslog.web.core.StatusPage.DAYS;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final Duration queryTimeout;

  public SnapshotDao(DataSource dataSource, Duration queryTimeout) {
    this.dataSource = dataSource;
    this.queryTimeout = queryTimeout;
  }

  public Snapshot read(GenerationLocator.Located generation, Instant now) throws SQLException {
    String schema = generation.schema();
    if (!IDENTIFIER.matcher(schema).matches()) {
      throw new SQLException("not a read model schema: " + schema);
    }
    boolean full = generation.version() >= 2;
    try (Connection connection = dataSource.getConnection()) {
      // Transaction settings are set inside the transaction, and the pooled connection goes
      // back in autocommit mode, so the pool's validation query never opens a transaction.
      connection.setAutoCommit(false);
      try {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
          statement.execute("SET LOCAL statement_timeout = " + queryTimeout.toMillis());
        }
        Map<String, List<DayUptime>> days = days(connection, schema, full, now);
        Map<String, List<LatencyPoint>> latency = latency(connection, schema, full, now);
        Map<String, List<RegionRow>> regions = full ? regions(connection, schema) : Map.of();
        List<CheckSummary> checks = checks(connection, schema, now, regions, days, latency);
        List<Incident> incidents = full ? incidents(connection, schema, generation.version() >= 3, now) : List.of();
        return new Snapshot(now, !generation.live(), generation.id(), checks, incidents);
      } finally {
        connection.rollback(); // read only: nothing to commit
        connection.setAutoCommit(true);
      }
    }
  }

  /** A check's latest result in one region, as check_region_status keeps it. */
  private record RegionRow(String region, String outcome, Instant lastCheckedAt) {}

  private List<CheckSummary> checks(Connection connection, String schema, Instant now, Map<String, List<RegionRow>> regions,
      Map<String, List<DayUptime>> days, Map<String, List<LatencyPoint>> latency) throws SQLException {
    // The checks applied to the log; a removed check leaves the page, its history stays.
    String sql =
        "SELECT c.check_id AS id, c.name, c.component, c.url,"
            + " c.interval_ms, s.status, s.error_message, s.last_checked_at, r.up_or_degraded, r.total"
            + " FROM " + schema + ".checks c"
            + " LEFT JOIN " + schema + ".check_status s ON s.check_id = c.check_id"
            + " LEFT JOIN (SELECT check_id, sum(up_count + degraded_count) AS up_or_degraded,"
            + "   sum(up_count + down_count + degraded_count) AS total"
            + "   FROM " + schema + ".rollup_minute WHERE minute >= ? GROUP BY check_id) r"
            + " ON r.check_id = c.check_id"
            + " WHERE c.public"
            + " ORDER BY c.component NULLS LAST, name";
    List<CheckSummary> checks = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(24))));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString("id");
          long intervalMs = rows.getLong("interval_ms");
          Duration interval = rows.wasNull() ? null : Duration.ofMillis(intervalMs);
          Timestamp lastCheckedAt = rows.getTimestamp("last_checked_at");
          Instant last = lastCheckedAt == null ? null : lastCheckedAt.toInstant();
          List<DayUptime> checkDays = days.getOrDefault(id, List.of());
          Status status = StatusRule.current(rows.getString("status"), last, interval, now);
          List<RegionStatus> checkRegions = regions.getOrDefault(id, List.of()).stream()
              .map(region -> new RegionStatus(region.region(), StatusRule.current(region.outcome(), region.lastCheckedAt(), interval, now), region.lastCheckedAt()))
              .toList();
          checks.add(
              new CheckSummary(
                  id,
                  rows.getString("name"),
                  rows.getString("component"),
                  CheckTypes.of(rows.getString("url")),
                  status,
                  status == Status.DOWN || status == Status.DEGRADED ? rows.getString("error_message") : null,
                  last,
                  StatusRule.uptimePercent(rows.getLong("up_or_degraded"), rows.getLong("total")),
                  StatusRule.uptimePercent(
                      checkDays.stream().mapToLong(d -> d.up() + d.degraded()).sum(),
                      checkDays.stream().mapToLong(d -> d.up() + d.down() + d.degraded()).sum()),
                  checkRegions,
                  checkDays,
                  latency.getOrDefault(id, List.of())));
        }
      }
    }
    return checks;
  }

  /** Per check, its latest result in each region, by region name; version 2 generations on have them. */
  private Map<String, List<RegionRow>> regions(Connection connection, String schema) throws SQLException {
    Map<String, List<RegionRow>> regions = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
            "SELECT check_id, region, status, last_checked_at FROM " + schema + ".check_region_status ORDER BY check_id, region");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        regions.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
            .add(new RegionRow(rows.getString(2), rows.getString(3), rows.getTimestamp(4).toInstant()));
      }
    }
    return regions;
  }

  private Map<String, List<DayUptime>> days(Connection connection, String schema, boolean full, Instant now) throws SQLException {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant from = today.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    String sql = full
        ? "SELECT check_id, day, up_count, down_count, degraded_count FROM " + schema + ".rollup_day WHERE day >= ? ORDER BY day"
        : "SELECT check_id, date_trunc('day', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day, sum(up_count), sum(down_count), sum(degraded_count)"
            + " FROM " + schema + ".rollup_minute WHERE minute >= ? GROUP BY 1, 2 ORDER BY 2";
    Map<String, List<DayUptime>> days = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long up = rows.getLong(3);
          long down = rows.getLong(4);
          long degraded = rows.getLong(5);
          days.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
              .add(new DayUptime(LocalDate.ofInstant(rows.getTimestamp(2).toInstant(), ZoneOffset.UTC), up, down, degraded,
                  StatusRule.uptimePercent(up + degraded, up + down + degraded)));
        }
      }
    }
    return days;
  }

  private Map<String, List<LatencyPoint>> latency(Connection connection, String schema, boolean full, Instant now) throws SQLException {
    Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
    String sql = full
        ? "SELECT check_id, hour, latency_sum_ms, up_count + down_count + degraded_count, latency_buckets, latency_max_ms FROM " + schema + ".rollup_hour WHERE hour >= ? ORDER BY hour"
        : "SELECT check_id, date_trunc('hour', minute) AS hour, sum(latency_sum_ms), sum(up_count + down_count + degraded_count), NULL, max(latency_max_ms)"
            + " FROM " + schema + ".rollup_minute WHERE minute >= ? GROUP BY 1, 2 ORDER BY 2";
    Map<String, List<LatencyPoint>> latency = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setTimestamp(1, Timestamp.from(from));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long count = rows.getLong(4);
          if (count == 0) {
            continue;
          }
          Array buckets = rows.getArray(5);
          Long p95 = buckets == null ? null : LatencyBuckets.quantileUpperBoundMs(Arrays.stream((Long[]) buckets.getArray()).mapToLong(Long::longValue).toArray(), 0.95, rows.getLong(6));
          latency.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
              .add(new LatencyPoint(rows.getTimestamp(2).toInstant(), rows.getLong(3) / count, p95));
        }
      }
    }
    return latency;
  }

  private List<Incident> incidents(Connection connection, String schema, boolean withUpdates, Instant now) throws SQLException {
    Map<String, List<Incident.IncidentUpdate>> updates = new HashMap<>();
    if (withUpdates) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT incident_id, at, kind, severity, text FROM " + schema + ".incident_updates ORDER BY at DESC, event_id DESC");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          updates.computeIfAbsent(rows.getString(1), id -> new ArrayList<>())
              .add(new Incident.IncidentUpdate(rows.getTimestamp(2).toInstant(), rows.getString(3), rows.getString(4), rows.getString(5)));
        }
      }
    }
    List<Incident> incidents = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT incident_id, title, " + (withUpdates ? "severity" : "'MINOR'") + ", state, affected_components, opened_at, updated_at, resolved_at"
            + " FROM " + schema + ".incidents WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY opened_at DESC LIMIT 200")) {
      select.setTimestamp(1, Timestamp.from(now.minus(Duration.ofDays(DAYS))));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Timestamp resolved = rows.getTimestamp(8);
          String id = rows.getString(1);
          incidents.add(new Incident(id, rows.getString(2), rows.getString(3), rows.getString(4),
              Arrays.asList((String[]) rows.getArray(5).getArray()), rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant(),
              resolved == null ? null : resolved.toInstant(), updates.getOrDefault(id, List.of())));
        }
      }
    }
    return incidents;
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.Observation;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the writer leaves in PostgreSQL after several batches, row by row. */
@ExtendWith(RealServicesExtension.class)
class ReadModelWriterIT {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Clock NOW = Clock.fixed(T0.plusSeconds(3_600), ZoneOffset.UTC);

  private DataSource dataSource;
  private long offset;

  @BeforeEach
  void database(RealServices services) {
    TestDatabase database = services.newDatabase();
    dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
  }

  @Test
  void histogramsCountsAndMaximaAddUpAcrossBatches() throws SQLException {
    ReadModelWriter writer = writer("rm_1", null);

    apply(writer, result("api", "eu", T0.plusSeconds(1), Outcome.UP, 5), result("api", "eu", T0.plusSeconds(2), Outcome.DOWN, 700));
    apply(writer, result("api", "us", T0.plusSeconds(70), Outcome.DEGRADED, 30), result("web", "eu", T0.plusSeconds(3), Outcome.UP, 20_000));

    assertThat(rows("SELECT check_id, hour, up_count, down_count, degraded_count, latency_sum_ms, latency_max_ms, latency_buckets::text"
            + " FROM rm_1.rollup_hour ORDER BY check_id"))
        .containsExactly(
            List.of("api", T0.toString(), "1", "1", "1", "735", "700", "{1,0,1,0,0,0,1,0,0,0,0}"),
            List.of("web", T0.toString(), "1", "0", "0", "20000", "20000", "{0,0,0,0,0,0,0,0,0,0,1}"));
    assertThat(rows("SELECT check_id, minute, up_count + down_count + degraded_count FROM rm_1.rollup_minute ORDER BY check_id, minute"))
        .containsExactly(
            List.of("api", T0.toString(), "2"),
            List.of("api", T0.plusSeconds(60).toString(), "1"),
            List.of("web", T0.toString(), "1"));
    assertThat(rows("SELECT check_id, day, latency_buckets::text FROM rm_1.rollup_day WHERE check_id = 'api'"))
        .containsExactly(List.of("api", "2026-11-24T00:00:00Z", "{1,0,1,0,0,0,1,0,0,0,0}"));
  }

  @Test
  void aStatusIsOnlyReplacedByAResultThatStartedLaterEvenInALaterBatch() throws SQLException {
    ReadModelWriter writer = writer("rm_1", null);
    // Times travel as epoch milliseconds: one with a fraction of a second must come back exactly.
    Observation fresh = new Observation("api", "eu", T0.plusMillis(60_123).toEpochMilli(), 900, Outcome.DOWN, 503, ErrorKind.UNEXPECTED_STATUS, "503 \"tab\there\"\n{x,y}");

    apply(writer, fresh, result("api", "us", T0, Outcome.UP, 10));
    apply(writer, result("api", "eu", T0.plusSeconds(30), Outcome.UP, 10));

    assertThat(rows("SELECT check_id, status, last_checked_at, duration_ms, http_status, error_kind, error_message FROM rm_1.check_status"))
        .containsExactly(List.of("api", "DOWN", T0.plusMillis(60_123).toString(), "900", "503", "UNEXPECTED_STATUS", "503 \"tab\there\"\n{x,y}"));
    assertThat(rows("SELECT region, status, http_status, error_kind FROM rm_1.check_region_status ORDER BY region"))
        .containsExactly(List.of("eu", "DOWN", "503", "UNEXPECTED_STATUS"), Arrays.asList("us", "UP", null, null));
  }

  @Test
  void everyTimeAResultMayCarryIsStoredToTheMillisecond() throws SQLException {
    ReadModelWriter writer = writer("rm_1", null);
    List<Instant> times = List.of(
        Instant.parse("0001-01-01T00:00:00.001Z"), Instant.parse("1969-12-31T23:59:59.500Z"), T0.plusMillis(123),
        Instant.parse("9999-12-31T23:59:59.997Z"));
    for (int i = 0; i < times.size(); i++) {
      apply(writer, result("check-" + i, "eu", times.get(i), Outcome.UP, 10));
    }

    // floor, not a cast: a time stored a few microseconds off must not round back to its millisecond
    List<String> stored = rows("SELECT floor(extract(epoch FROM last_checked_at) * 1000)::bigint FROM rm_1.check_status ORDER BY check_id")
        .stream().map(row -> row.get(0)).toList();
    assertThat(stored).containsExactlyElementsOf(times.stream().map(time -> Long.toString(time.toEpochMilli())).toList());
  }

  @Test
  void aVersionOneGenerationGetsCountsWithoutHistograms() throws SQLException {
    ReadModelWriter writer = writer("rm_1", 1);

    apply(writer, result("api", "eu", T0, Outcome.UP, 5));
    apply(writer, result("api", "eu", T0.plusSeconds(1), Outcome.DOWN, 50));

    assertThat(rows("SELECT up_count, down_count, latency_sum_ms, latency_max_ms FROM rm_1.rollup_minute"))
        .containsExactly(List.of("1", "1", "55", "50"));
    assertThat(rows("SELECT status FROM rm_1.check_status")).containsExactly(List.of("DOWN"));
  }

  private ReadModelWriter writer(String schemaName, Integer version) {
    ReadModelSchema schema = new ReadModelSchema(schemaName);
    schema.migrate(dataSource, version);
    return new ReadModelWriter(schema, schema.recordedVersion(dataSource), NOW);
  }

  private void apply(ReadModelWriter writer, Observation... results) throws SQLException {
    offset += results.length;
    Batch batch = new Batch(List.of(results), Map.of(), List.of(), 0, new Batch.Position(Map.of(new LogPartition("t.check-results", 0), offset), Map.of()));
    try (Connection connection = dataSource.getConnection()) {
      writer.apply(connection, batch, () -> {});
    }
  }

  private static Observation result(String checkId, String region, Instant startedAt, Outcome outcome, long durationMs) {
    return new Observation(checkId, region, startedAt.toEpochMilli(), durationMs, outcome, null, null, null);
  }

  /** Every row as text, timestamps as UTC instants. */
  private List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      try (ResultSet result = statement.executeQuery(sql)) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            Object value = result.getObject(i);
            row.add(value instanceof java.time.OffsetDateTime time ? time.toInstant().toString()
                : value instanceof java.sql.Timestamp time ? time.toInstant().toString()
                : value == null ? null : value.toString());
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}

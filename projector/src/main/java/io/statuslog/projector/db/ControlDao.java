package io.statuslog.projector.db;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.LostRecords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The {@code statuslog_control} schema: the generations and which one is live. A cutover or
 * rollback is one transaction here, followed by a NOTIFY so readers follow without a restart.
 */
public final class ControlDao {
  public static final String SCHEMA = "statuslog_control";
  public static final String CHANNEL = "statuslog_generations";

  private final DataSource dataSource;

  public ControlDao(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .defaultSchema(SCHEMA)
        .createSchemas(true)
        .locations("classpath:io/statuslog/projector/db/control")
        .load()
        .migrate();
  }

  /** Whether the control schema has been created (by the projector's first start, or any command that changes generations). */
  public boolean exists() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT to_regclass('" + SCHEMA + ".generations') IS NOT NULL")) {
      row.next();
      return row.getBoolean(1);
    }
  }

  public List<Generation> all() throws SQLException {
    List<Generation> generations = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT id, schema_name, state, code_version, created_at, state_changed_at, previous_live FROM "
                    + SCHEMA + ".generations ORDER BY id")) {
      while (rows.next()) {
        generations.add(
            new Generation(
                rows.getInt("id"),
                rows.getString("schema_name"),
                State.fromDb(rows.getString("state")),
                rows.getString("code_version"),
                rows.getTimestamp("created_at").toInstant(),
                rows.getTimestamp("state_changed_at").toInstant(),
                // getObject, not getInt + wasNull: NULL (no predecessor) must not read as generation 0.
                Optional.ofNullable(rows.getObject("previous_live", Integer.class))));
      }
    }
    return generations;
  }

  public Optional<Generation> find(int id) throws SQLException {
    return all().stream().filter(g -> g.id() == id).findFirst();
  }

  public Optional<Generation> live() throws SQLException {
    return all().stream().filter(g -> g.state() == State.LIVE).findFirst();
  }

  /** Inserts a generation, or resets an abandoned one with the same id to the given state. */
  public void upsert(int id, State state, String codeVersion) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert =
            connection.prepareStatement(
                "INSERT INTO " + SCHEMA + ".generations (id, schema_name, state, code_version) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, code_version = EXCLUDED.code_version,"
                    + " created_at = now(), state_changed_at = now(), note = NULL")) {
      upsert.setInt(1, id);
      upsert.setString(2, Generation.schemaFor(id));
      upsert.setString(3, state.dbName());
      upsert.setString(4, codeVersion);
      upsert.executeUpdate();
    }
    notifyReaders();
  }

  public void setState(int id, State state, String note) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE " + SCHEMA + ".generations SET state = ?, state_changed_at = now(), note = ? WHERE id = ?")) {
      update.setString(1, state.dbName());
      update.setString(2, note);
      update.setInt(3, id);
      update.executeUpdate();
    }
    notifyReaders();
  }

  /**
   * Makes {@code target} live and the current live generation retired, in one transaction: a
   * reader sees either the old live generation or the new one, never none or two.
   */
  public void makeLive(int target) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("LOCK TABLE " + SCHEMA + ".generations IN EXCLUSIVE MODE");
        Integer previous = null;
        try (ResultSet rows = statement.executeQuery("SELECT id FROM " + SCHEMA + ".generations WHERE state = 'live'")) {
          if (rows.next()) {
            previous = rows.getInt(1);
          }
        }
        if (previous != null && previous == target) {
          connection.rollback();
          return;
        }
        statement.executeUpdate(
            "UPDATE " + SCHEMA + ".generations SET state = 'retired', state_changed_at = now() WHERE state = 'live'");
        try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE " + SCHEMA + ".generations SET state = 'live', state_changed_at = now(), previous_live = ? WHERE id = ?")) {
          if (previous == null) {
            update.setNull(1, java.sql.Types.INTEGER);
          } else {
            update.setInt(1, previous);
          }
          update.setInt(2, target);
          if (update.executeUpdate() != 1) {
            throw new SQLException("generation " + target + " does not exist");
          }
        }
        statement.execute("NOTIFY " + CHANNEL);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Records the gaps a generation found in the log; it is projected no further. */
  public void recordLost(int generationId, List<LostRecords.Gap> gaps) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + SCHEMA + ".lost_records (generation_id, topic, partition, from_offset, to_offset) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT (generation_id, topic, partition) DO NOTHING")) {
      for (LostRecords.Gap gap : gaps) {
        insert.setInt(1, generationId);
        insert.setString(2, gap.partition().topic());
        insert.setInt(3, gap.partition().partition());
        insert.setLong(4, gap.from());
        insert.setLong(5, gap.to());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Per generation, the gaps it found in the log (none for most, and none before control version 2). */
  public Map<Integer, List<LostRecords.Gap>> lostRecords() throws SQLException {
    Map<Integer, List<LostRecords.Gap>> lost = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet table = statement.executeQuery("SELECT to_regclass('" + SCHEMA + ".lost_records') IS NOT NULL")) {
      table.next();
      if (!table.getBoolean(1)) {
        return lost;
      }
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT generation_id, topic, partition, from_offset, to_offset FROM " + SCHEMA + ".lost_records ORDER BY generation_id, topic, partition")) {
      while (rows.next()) {
        lost.computeIfAbsent(rows.getInt(1), id -> new ArrayList<>())
            .add(new LostRecords.Gap(new LogPartition(rows.getString(2), rows.getInt(3)), rows.getLong(4), rows.getLong(5)));
      }
    }
    return lost;
  }

  private void notifyReaders() throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("NOTIFY " + CHANNEL);
    }
  }
}

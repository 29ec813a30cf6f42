package io.statuslog.testkit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Holds a migration inside its DDL, so a kill drill lands there provably. The hold starts
 * creating a table that one of the migration's later statements creates, in a transaction it
 * keeps open: PostgreSQL makes the migration's CREATE TABLE of the same name wait until that
 * transaction ends. By then the migration's earlier statements have run in its own open
 * transaction; {@link #waiters()} shows the statement it waits in and the locks its earlier DDL
 * took. Closing the hold rolls its transaction back, which lets the waiting statement go on.
 */
public final class DdlHold implements AutoCloseable {
  /** A backend waiting on the hold, as pg_stat_activity and pg_locks show it. */
  public record Waiter(int pid, String waitEventType, String waitEvent, String query, List<String> relationLocksHeld) {}

  private final DataSource dataSource;
  private final Connection holding;
  private final int holdingPid;

  private DdlHold(DataSource dataSource, Connection holding, int holdingPid) {
    this.dataSource = dataSource;
    this.holding = holding;
    this.holdingPid = holdingPid;
  }

  /** Holds every CREATE TABLE of {@code schema.table} (which must not exist yet) until closed. */
  public static DdlHold onCreateTable(DataSource dataSource, String qualifiedTable) throws SQLException {
    Connection holding = dataSource.getConnection();
    try (Statement statement = holding.createStatement()) {
      holding.setAutoCommit(false);
      statement.execute("CREATE TABLE " + qualifiedTable + " ()");
      try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
        pid.next();
        return new DdlHold(dataSource, holding, pid.getInt(1));
      }
    } catch (SQLException | RuntimeException e) {
      holding.close();
      throw e;
    }
  }

  /**
   * The backends waiting on the hold's transaction now, with the relation locks each holds
   * ("AccessExclusiveLock on rm_1.incidents"). Read on a connection of its own: statistics read
   * inside the hold's transaction would stay as they were when it first read them.
   */
  public List<Waiter> waiters() throws SQLException {
    List<Waiter> waiters = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(
            "SELECT a.pid, a.wait_event_type, a.wait_event, a.query,"
                + " ARRAY(SELECT l.mode || ' on ' || l.relation::regclass FROM pg_locks l"
                + "       WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation' ORDER BY 1)"
                + " FROM pg_stat_activity a WHERE ? = ANY (pg_blocking_pids(a.pid))")) {
      select.setInt(1, holdingPid);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Array locks = rows.getArray(5);
          waiters.add(new Waiter(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4), List.of((String[]) locks.getArray())));
        }
      }
    }
    return waiters;
  }

  /** True while a backend with this pid is connected. */
  public static boolean isConnected(DataSource dataSource, int pid) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
      select.setInt(1, pid);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1) > 0;
      }
    }
  }

  /** Rolls the hold's transaction back: the table it started is gone, and the waiting statement goes on. */
  @Override
  public void close() throws SQLException {
    try (holding) {
      holding.rollback();
    }
  }
}

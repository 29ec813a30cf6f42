package io.statuslog.projector.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The right to write one generation: a PostgreSQL session advisory lock, held on the very
 * connection that does the writing. If the connection dies, the lock goes with it, and so does
 * every write made through it; a second writer can never interleave with a first.
 */
public final class Lease implements AutoCloseable {
  /** First half of the advisory lock key: "St". The generation id is the second half. */
  private static final int NAMESPACE = 0x5374;

  private final Connection connection;
  private final int generationId;

  private Lease(Connection connection, int generationId) {
    this.connection = connection;
    this.generationId = generationId;
  }

  public static Optional<Lease> tryAcquire(DataSource dataSource, int generationId) throws SQLException {
    Connection connection = dataSource.getConnection();
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      lock.setInt(1, NAMESPACE);
      lock.setInt(2, generationId);
      try (ResultSet row = lock.executeQuery()) {
        row.next();
        if (row.getBoolean(1)) {
          return Optional.of(new Lease(connection, generationId));
        }
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    connection.close();
    return Optional.empty();
  }

  /**
   * True when some session holds the lease of this generation right now. It only reads
   * {@code pg_locks}, so a read-only session (doctor's) can ask, and a writer about to take the
   * lease never finds it taken by the one asking.
   */
  public static boolean isHeld(DataSource dataSource, int generationId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement held = connection.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                + " WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()"
                + " AND l.classid = ? AND l.objid = ? AND l.objsubid = 2)")) {
      held.setInt(1, NAMESPACE);
      held.setInt(2, generationId);
      try (ResultSet row = held.executeQuery()) {
        row.next();
        return row.getBoolean(1);
      }
    }
  }

  /** The connection to write through while the lease is held. */
  public Connection connection() {
    return connection;
  }

  public int generationId() {
    return generationId;
  }

  @Override
  public void close() {
    try {
      connection.close(); // closing the session releases the lock
    } catch (SQLException e) {
      // The session is gone either way, and the lock with it.
    }
  }
}

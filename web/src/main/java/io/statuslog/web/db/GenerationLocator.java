package io.statuslog.web.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the read model generation to serve: the live one when this code understands its
 * version, else the newest one it understands (old and new binaries side by side). It is told
 * of a cutover by LISTEN/NOTIFY and looks again at least every {@link #RECHECK}.
 */
public final class GenerationLocator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationLocator.class);
  private static final Duration RECHECK = Duration.ofSeconds(30);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  public static final String CHANNEL = "statuslog_generations";

  /** The generation to read: its schema, version, and whether it is the live one. */
  public record Located(int id, String schema, int version, boolean live) {}

  private final DataSource dataSource;
  private final int maxKnownVersion;
  private final Clock clock;
  private final AtomicReference<Located> located = new AtomicReference<>();
  private volatile Instant lookedAt = Instant.EPOCH;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread listener;

  public GenerationLocator(DataSource dataSource, int maxKnownVersion, Clock clock) {
    this.dataSource = dataSource;
    this.maxKnownVersion = maxKnownVersion;
    this.clock = clock;
  }

  /** Listens for cutovers on a connection of its own, reconnecting as needed. */
  public void listen(String jdbcUrl, String user, String password) {
    listener = Thread.ofPlatform().daemon().name("generation-listener").start(() -> listenLoop(jdbcUrl, user, password));
  }

  public Located current() throws SQLException {
    Located cached = located.get();
    if (cached != null && lookedAt.plus(RECHECK).isAfter(clock.instant())) {
      return cached;
    }
    Located fresh = locate();
    if (cached == null || cached.id() != fresh.id()) {
      LOG.info("reading generation={} schema={} version={} live={}", fresh.id(), fresh.schema(), fresh.version(), fresh.live());
    }
    located.set(fresh);
    lookedAt = clock.instant();
    return fresh;
  }

  /** Forgets the cached answer; the next request looks again. */
  public void invalidate() {
    lookedAt = Instant.EPOCH;
  }

  private Located locate() throws SQLException {
    List<Located> candidates = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet result =
          statement.executeQuery(
              "SELECT id, schema_name, state FROM statuslog_control.generations"
                  + " WHERE state IN ('live', 'catching-up', 'retired') ORDER BY (state = 'live') DESC, id DESC")) {
        while (result.next()) {
          rows.add(new Object[] {result.getInt(1), result.getString(2), result.getString(3)});
        }
      }
      for (Object[] row : rows) {
        String schema = (String) row[1];
        if (!IDENTIFIER.matcher(schema).matches()) {
          continue;
        }
        int version = recordedVersion(statement, schema);
        candidates.add(new Located((Integer) row[0], schema, version, "live".equals(row[2])));
      }
    }
    return candidates.stream()
        .filter(candidate -> candidate.version() >= 1 && candidate.version() <= maxKnownVersion)
        .findFirst()
        .orElseThrow(() -> new SQLException("no read model generation this code understands (versions 1.." + maxKnownVersion + ") is available"));
  }

  private static int recordedVersion(Statement statement, String schema) {
    try (ResultSet result =
        statement.executeQuery(
            "SELECT coalesce(max(version::int), 0) FROM " + schema + ".flyway_schema_history WHERE success AND version IS NOT NULL")) {
      result.next();
      return result.getInt(1);
    } catch (SQLException e) {
      return 0; // no history: not readable
    }
  }

  private void listenLoop(String jdbcUrl, String user, String password) {
    while (!closed.get()) {
      Properties props = new Properties();
      props.setProperty("user", user);
      props.setProperty("password", password == null ? "" : password);
      try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        invalidate(); // anything may have changed while not listening
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed.get()) {
          var notifications = pg.getNotifications(10_000);
          if (notifications != null && notifications.length > 0) {
            LOG.info("generations changed, looking again");
            invalidate();
          }
        }
      } catch (SQLException e) {
        if (!closed.get()) {
          LOG.debug("generation listener disconnected: {}", e.getMessage());
          try {
            Thread.sleep(5_000);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void close() {
    closed.set(true);
    if (listener != null) {
      listener.interrupt();
    }
  }
}

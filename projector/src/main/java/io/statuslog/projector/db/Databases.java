package io.statuslog.projector.db;

import io.dropwizard.db.DataSourceFactory;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** DataSources for the projector and operator commands. */
public final class Databases {
  private Databases() {}

  /**
   * Unpooled: a closed connection is a closed session, which is what releases a {@link Lease}.
   * Batched inserts are rewritten into multi-row statements, which is what makes replay fast.
   */
  public static DataSource unpooled(DataSourceFactory database) {
    return unpooled(database.getUrl(), database.getUser(), database.getPassword());
  }

  public static DataSource unpooled(String url, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    dataSource.setReWriteBatchedInserts(true);
    dataSource.setApplicationName("statuslog-projector");
    return dataSource;
  }

  /**
   * For {@code doctor}: every session is read-only, even outside a transaction, so PostgreSQL
   * itself refuses any write and a diagnosis cannot change what it diagnoses; and connecting,
   * logging in and every read give up after {@code timeout}, so a server that accepts the
   * connection and then says nothing cannot hold doctor up.
   */
  public static DataSource readOnly(String url, String user, String password, Duration timeout) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    dataSource.setReadOnly(true);
    dataSource.setReadOnlyMode("always");
    int seconds = (int) timeout.toSeconds();
    dataSource.setConnectTimeout(seconds);
    dataSource.setLoginTimeout(seconds);
    dataSource.setSocketTimeout(seconds);
    dataSource.setApplicationName("statuslog-doctor");
    return dataSource;
  }
}

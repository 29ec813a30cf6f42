package io.statuslog.projector.db;

import io.dropwizard.db.DataSourceFactory;
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
   * itself refuses any write and a diagnosis cannot change what it diagnoses.
   */
  public static DataSource readOnly(String url, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    dataSource.setReadOnly(true);
    dataSource.setReadOnlyMode("always");
    dataSource.setApplicationName("statuslog-doctor");
    return dataSource;
  }
}

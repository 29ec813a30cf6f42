package io.statuslog.testkit;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database of one test's own on the shared PostgreSQL server. */
public record TestDatabase(String jdbcUrl, String user, String password) {
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }
}

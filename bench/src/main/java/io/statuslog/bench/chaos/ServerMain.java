package io.statuslog.bench.chaos;

import io.statuslog.embedded.EmbeddedKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The Kafka broker or the PostgreSQL server of the soak drill, in a JVM of its own so the drill
 * can SIGKILL it: {@code ServerMain kafka|postgres <data dir> <port> [server log]}. It starts the
 * server on that data directory and port (a restart finds the data of the one before), prints
 * {@code READY}, and runs until killed. SIGTERM stops the server cleanly.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    Path dataDir = Path.of(args[1]).toAbsolutePath();
    int port = Integer.parseInt(args[2]);
    AutoCloseable server = switch (kind) {
      case "kafka" -> EmbeddedKafka.start(dataDir, port);
      case "postgres" -> startPostgres(dataDir, port, Path.of(args[3]));
      default -> throw new IllegalArgumentException("kafka or postgres, not " + kind);
    };
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println(kind + " did not stop cleanly: " + e);
      }
    }, kind + "-stop"));
    System.out.println("READY " + kind + " port=" + port);
    new CountDownLatch(1).await();
  }

  /**
   * As {@link io.statuslog.embedded.EmbeddedPostgresServer} starts it, with two differences the
   * drill needs: PostgreSQL's own output goes to a file (its crash recovery is evidence), and
   * the wait for it to accept connections is minutes, not 10 s, because after a SIGKILL it
   * replays its WAL first, on a machine shared with everything else.
   */
  private static EmbeddedPostgres startPostgres(Path dataDir, int port, Path serverLog) throws Exception {
    Files.createDirectories(dataDir);
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setPGStartupWait(Duration.ofMinutes(3))
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
        .start();
  }
}

package io.statuslog.testkit;

import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM. Where they come from, in
 * order of precedence:
 *
 * <ol>
 *   <li>{@code STATUSLOG_TEST_KAFKA} / {@code STATUSLOG_TEST_JDBC_URL} (with {@code
 *       STATUSLOG_TEST_JDBC_USER}, {@code STATUSLOG_TEST_JDBC_PASSWORD}) when set: an explicit
 *       address always wins, for each service separately;
 *   <li>Testcontainers (official {@code apache/kafka} and {@code postgres} images) when a Docker
 *       engine answers;
 *   <li>otherwise the embedded broker and server, started in this JVM.
 * </ol>
 *
 * Tests isolate themselves: a random topic prefix each, and a database of their own.
 */
public final class RealServices {
  private static final Logger LOG = LoggerFactory.getLogger(RealServices.class);
  private static RealServices instance;

  private final String kafkaBootstrap;
  private final String adminJdbcUrl;
  private final String user;
  private final String password;
  private final String source;

  private RealServices(
      String kafkaBootstrap,
      String adminJdbcUrl,
      String user,
      String password,
      String source) {
    this.kafkaBootstrap = kafkaBootstrap;
    this.adminJdbcUrl = adminJdbcUrl;
    this.user = user;
    this.password = password;
    this.source = source;
  }

  public static synchronized RealServices get() {
    if (instance == null) {
      instance = start();
      LOG.info("real services for tests: {} kafka={} postgres={}", instance.source, instance.kafkaBootstrap, instance.adminJdbcUrl);
    }
    return instance;
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  /** Kafka settings with a topic prefix no other test uses. */
  public KafkaSettings newKafka() {
    return KafkaSettings.of(kafkaBootstrap, uniqueName("t"));
  }

  /** A fresh, empty database on the shared server. */
  public TestDatabase newDatabase() {
    String name = uniqueName("db");
    try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    int slash = adminJdbcUrl.lastIndexOf('/');
    int query = adminJdbcUrl.indexOf('?', slash);
    String url = adminJdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminJdbcUrl.substring(query));
    return new TestDatabase(url, user, password);
  }

  public static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
  }

  private static RealServices start() {
    String envKafka = System.getenv("STATUSLOG_TEST_KAFKA");
    String envJdbc = System.getenv("STATUSLOG_TEST_JDBC_URL");
    boolean docker = (envKafka == null || envJdbc == null) && dockerAvailable();
    Embedded embedded = null;
    if (!docker && (envKafka == null || envJdbc == null)) {
      embedded = Embedded.inScratchFolder();
    }

    String kafka;
    String kafkaSource;
    if (envKafka != null) {
      kafka = envKafka;
      kafkaSource = "env";
    } else if (docker) {
      KafkaContainer container = new KafkaContainer("apache/kafka:4.1.1");
      container.start();
      kafka = container.getBootstrapServers();
      kafkaSource = "docker";
    } else {
      kafka = embedded.startKafka().bootstrapServers();
      kafkaSource = "embedded";
    }

    String postgresSource;
    String jdbc;
    String user;
    String password;
    if (envJdbc != null) {
      jdbc = envJdbc;
      user = System.getenv().getOrDefault("STATUSLOG_TEST_JDBC_USER", "postgres");
      password = System.getenv().getOrDefault("STATUSLOG_TEST_JDBC_PASSWORD", "");
      postgresSource = "env";
    } else if (docker) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17");
      container.start();
      jdbc = container.getJdbcUrl();
      user = container.getUsername();
      password = container.getPassword();
      postgresSource = "docker";
    } else {
      EmbeddedPostgresServer postgres = embedded.startPostgres();
      jdbc = postgres.jdbcUrl();
      user = postgres.user();
      password = postgres.password();
      postgresSource = "embedded";
    }
    String source = kafkaSource.equals(postgresSource) ? kafkaSource : "kafka:" + kafkaSource + ",postgres:" + postgresSource;
    return new RealServices(kafka, jdbc, user, password, source);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The embedded servers of this JVM and the temporary folder that holds their data. When the
   * JVM exits, also after failed tests, one hook stops them and then deletes the folder: in that
   * order, since a broker or a database still stopping writes into it.
   */
  private static final class Embedded {
    private final Path scratch;
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();

    private Embedded(Path scratch) {
      this.scratch = scratch;
    }

    static Embedded inScratchFolder() {
      try {
        Embedded embedded = new Embedded(Files.createTempDirectory("statuslog-test-"));
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::stopAndDelete, "embedded-services-stop"));
        return embedded;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    EmbeddedKafka startKafka() {
      try {
        EmbeddedKafka kafka = EmbeddedKafka.start(scratch.resolve("kafka"), 0);
        running.push(kafka);
        return kafka;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
      }
    }

    EmbeddedPostgresServer startPostgres() {
      try {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(scratch.resolve("postgres"), 0);
        running.push(postgres);
        return postgres;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }

    private void stopAndDelete() {
      for (AutoCloseable server : running) {
        try {
          server.close();
        } catch (Exception e) {
          LOG.warn("embedded server did not stop cleanly: {}", e.toString());
        }
      }
      try (Stream<Path> paths = Files.walk(scratch)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", scratch, e.toString());
      }
    }
  }
}

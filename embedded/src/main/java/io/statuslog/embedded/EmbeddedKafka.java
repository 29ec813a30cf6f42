package io.statuslog.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run in this
 * JVM from the Kafka server jar. Its log directory survives restarts: it is formatted once and
 * then reused, so a restarted broker keeps every topic and record.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final int brokerPort;
  private final int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort) {
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker on {@code dataDir}; a port of 0 picks a free one. */
  public static EmbeddedKafka start(Path dataDir, int brokerPort) throws IOException {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            dataDir.toAbsolutePath(),
            brokerPort == 0 ? freePort() : brokerPort,
            freePort());
    kafka.startServer();
    return kafka;
  }

  /**
   * Refuses a data directory whose broker still runs in another process (a dev still stopping,
   * or a second one): found before anything else starts, not as Kafka's own failure to lock its
   * log directory after PostgreSQL has started.
   */
  public static void requireUnused(Path dataDir) throws IOException {
    Path lock = dataDir.toAbsolutePath().resolve("log").resolve(".lock");
    if (!Files.exists(lock)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        throw new IllegalStateException("another process runs a Kafka broker on " + dataDir.toAbsolutePath()
            + " (a statuslog dev still stopping, or a second one); wait for it to exit, or pass another --data-dir");
      }
      held.release();
    } catch (OverlappingFileLockException thisProcess) {
      throw new IllegalStateException("this process already runs a Kafka broker on " + dataDir.toAbsolutePath(), thisProcess);
    }
  }

  public String bootstrapServers() {
    return "localhost:" + brokerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  private void startServer() throws IOException {
    Path logDir = dataDir.resolve("log");
    Files.createDirectories(logDir);
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    props.put(
        "listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir.toString());
    props.put("num.partitions", "3");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    // The log is the source of truth: the broker never deletes by age or size unless a topic says so.
    props.put("log.retention.ms", "-1");
    props.put("log.retention.bytes", "-1");
    KafkaConfig config = new KafkaConfig(props, false);

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(logDir);
    }
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info("embedded Kafka broker started bootstrap={} dataDir={}", bootstrapServers(), dataDir);
  }

  private void format(Path logDir) throws IOException {
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir.toString()))
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IOException("could not format Kafka log directory " + logDir, e);
    }
  }

  /** Stops the broker; safe to call again, and a second caller waits until it has stopped. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("embedded Kafka broker stopped bootstrap={}", bootstrapServers());
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}

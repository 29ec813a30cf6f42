package io.statuslog.bench;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.embedded.EmbeddedKafka;
import io.statuslog.ingest.IngestApplication;
import io.statuslog.ingest.kafka.AgentsLog;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The server side of bench/ingest.sh, in a JVM of its own: an embedded Kafka broker and one
 * ingest node on it, with one agent per benchmark client (tokens written to {@code tokens}).
 * The agents' rate limit is set out of reach: the benchmark measures ingest, not its limiter.
 * Prints "READY" and runs until killed.
 *
 * <p>Arguments: work dir, ingest port, clients, and optionally Kafka client properties for
 * ingest's clients as a YAML flow map's entries ({@code "fetch.max.wait.ms": "10"}), to try a
 * setting without a rebuild.
 */
public final class IngestBenchmarkServer {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int port = Integer.parseInt(args[1]);
    int clients = Integer.parseInt(args[2]);
    String clientProperties = args.length > 3 ? args[3] : "";
    EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0);
    KafkaSettings ingestTopics = new KafkaSettings(broker.bootstrapServers(), "bench", 3, (short) 1, Map.of());
    KafkaSettings baselineTopics = new KafkaSettings(broker.bootstrapServers(), "baseline", 3, (short) 1, Map.of());
    TopicAdmin.ensureTopics(ingestTopics);
    TopicAdmin.ensureTopics(baselineTopics);
    AgentsLog agents = new AgentsLog(ingestTopics, Clock.systemUTC());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      tokens.add(agents.add("bench-" + i, "bench").token().reveal());
    }
    Files.write(work.resolve("tokens"), tokens);
    // Ingest takes results only of checks the agent's region probes: the 200 the clients report on.
    StringBuilder checks = new StringBuilder("checks:\n");
    for (int i = 0; i < IngestBenchmark.CHECKS; i++) {
      checks.append("  - {id: check-").append(i).append(", name: Check ").append(i).append(", url: \"https://example.com/").append(i).append("\", interval: 30s}\n");
    }
    new DefinitionsLog(ingestTopics).apply(ChecksFile.read(Files.writeString(work.resolve("checks.yml"), checks)));
    Path config = Files.writeString(work.resolve("statuslog.yml"), """
        kafka: {bootstrapServers: "%s", topicPrefix: bench, partitions: 3, clientProperties: {%s}}
        ingest:
          instanceId: bench
          rateLimit: {perSecond: 1000000000, burst: 1000000000}
          server:
            applicationConnectors: [{type: http, port: %d}]
            adminConnectors: [{type: http, port: 0}]
        logging: {level: WARN}
        """.formatted(broker.bootstrapServers(), clientProperties, port));
    new IngestApplication().run("server", config.toString());
    System.out.println("READY bootstrap=" + broker.bootstrapServers());
  }
}

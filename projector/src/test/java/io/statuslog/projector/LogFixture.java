package io.statuslog.projector;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.ResultRecords;
import io.statuslog.schemas.kafka.Topic;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes test results to the log and reads the truth back from it, for exactness checks. */
final class LogFixture {
  /** Per check: counts of each outcome and the latency sum. */
  record Counts(long up, long down, long degraded, long latencySum) {
    Counts plus(CheckResult result) {
      return new Counts(
          up + (result.getOutcome() == Outcome.UP ? 1 : 0),
          down + (result.getOutcome() == Outcome.DOWN ? 1 : 0),
          degraded + (result.getOutcome() == Outcome.DEGRADED ? 1 : 0),
          latencySum + result.getDurationMs());
    }
  }

  private final KafkaSettings kafka;

  LogFixture(KafkaSettings kafka) {
    this.kafka = kafka;
  }

  void writeDefinitions(List<String> checkIds) {
    Topic<String, CheckDefinition> topic = kafka.topics().checkDefinitions();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), topic.valueSerde().serializer())) {
      for (String id : checkIds) {
        producer.send(
            new ProducerRecord<>(
                topic.name(),
                id,
                CheckDefinition.newBuilder()
                    .setCheckId(id)
                    .setName("Check " + id)
                    .setUrl("http://localhost/" + id)
                    .setIntervalMs(30_000)
                    .setTimeoutMs(5_000)
                    .build()));
      }
    }
  }

  /** Writes {@code count} results with random outcomes spread over the last hour. */
  void writeResults(List<String> checkIds, int count, long seed) {
    Random random = new Random(seed);
    Topic<String, CheckResult> topic = kafka.topics().checkResults();
    Instant base = Instant.now().minus(Duration.ofHours(1));
    Outcome[] outcomes = Outcome.values();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), topic.valueSerde().serializer())) {
      for (int i = 0; i < count; i++) {
        String checkId = checkIds.get(random.nextInt(checkIds.size()));
        CheckResult result =
            CheckResult.newBuilder()
                .setResultId(UUID.randomUUID().toString())
                .setCheckId(checkId)
                .setStartedAt(base.plusMillis(random.nextInt(3_600_000)))
                .setDurationMs(random.nextInt(2_000))
                .setOutcome(outcomes[random.nextInt(outcomes.length)])
                .setHttpStatus(200)
                .build();
        producer.send(new ProducerRecord<>(topic.name(), checkId, result));
      }
    }
  }

  /** Results numbered by one spool, {@code first} to {@code first + count - 1}, of the given checks in turn. */
  static List<CheckResult> numbered(String spoolId, List<String> checkIds, long first, int count) {
    List<CheckResult> results = new java.util.ArrayList<>();
    Instant base = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < count; i++) {
      long sequence = first + i;
      results.add(CheckResult.newBuilder()
          .setResultId(UUID.randomUUID().toString())
          .setCheckId(checkIds.get(i % checkIds.size()))
          .setStartedAt(base.plusSeconds(sequence))
          .setDurationMs(10 + i % 100)
          .setOutcome(i % 7 == 0 ? Outcome.DOWN : Outcome.UP)
          .setHttpStatus(200)
          .setSpoolId(spoolId)
          .setSequence(sequence)
          .build());
    }
    return results;
  }

  /** Appends the results as they are, keyed by check id (a copy lands in the partition of its original). */
  void write(List<CheckResult> results) {
    Topic<String, CheckResult> topic = kafka.topics().checkResults();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), topic.valueSerde().serializer())) {
      for (CheckResult result : results) {
        producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), result));
      }
    }
  }

  /** Appends the results as ingest writes a batch an agent posted: one record holding them all, keyed by the agent. */
  void writeBatch(String agent, List<CheckResult> results) {
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(kafka.topics().checkResults().name(), agent, ResultRecords.encodeBatch(results)));
    }
  }

  /** Per check, each result counted once however often the log holds it (by result id). */
  static Map<String, Counts> countsOnce(List<CheckResult> results) {
    Map<String, Counts> counts = new HashMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (CheckResult result : results) {
      if (seen.add(result.getResultId())) {
        counts.merge(result.getCheckId(), new Counts(0, 0, 0, 0).plus(result), (a, b) -> a.plus(result));
      }
    }
    return counts;
  }

  void writeIncidents(List<IncidentEvent> events) {
    Topic<String, IncidentEvent> topic = kafka.topics().incidents();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), topic.valueSerde().serializer())) {
      for (IncidentEvent event : events) {
        producer.send(new ProducerRecord<>(topic.name(), event.getIncidentId(), event));
      }
    }
  }

  /** Appends bytes that are not an event to the results topic. */
  void writePoison(String key, byte[] bytes) {
    try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(kafka.topics().checkResults().name(), key, bytes));
    }
  }

  /** The truth: every valid result in the log, counted per check by a bare consumer. */
  Map<String, Counts> countsInLog() {
    Topic<String, CheckResult> topic = kafka.topics().checkResults();
    Map<String, Counts> counts = new HashMap<>();
    org.apache.kafka.common.serialization.Deserializer<CheckResult> lenient = (name, bytes) -> {
      try {
        return topic.valueSerde().deserializer().deserialize(name, bytes);
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        return null;
      }
    };
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("truth"), new StringDeserializer(), lenient)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, CheckResult> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            continue;
          }
          counts.merge(record.value().getCheckId(), new Counts(0, 0, 0, 0).plus(record.value()), (a, b) -> a.plus(record.value()));
        }
      }
    }
    return counts;
  }

  /**
   * The dead-letter topic from its start: at least {@code expected} letters (waiting for them),
   * then whatever else arrives within half a second, so a test also sees letters it did not expect.
   */
  static List<ConsumerRecord<String, byte[]>> deadLetters(KafkaSettings kafka, int expected) {
    List<ConsumerRecord<String, byte[]>> letters = new java.util.ArrayList<>();
    String name = kafka.topics().deadLetters().name();
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("dlq-reader"), new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream().map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
        return letters.size() >= expected;
      });
      consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
    }
    return letters;
  }

  /** A header of a dead letter, as text. */
  static String header(ConsumerRecord<String, byte[]> letter, String name) {
    return new String(letter.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Sum of the end offsets of every partition of every projected topic. */
  long endOffsetTotal() {
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("end"), new StringDeserializer(), new StringDeserializer())) {
      long total = 0;
      for (String name : kafka.topics().projected().stream().map(topic -> topic.name()).toList()) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(name).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        total += consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      }
      return total;
    }
  }

  static long storedOffsetTotal(DataSource dataSource, String schema) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM " + schema + ".consumed_offsets")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // not migrated yet
      }
      throw e;
    }
  }

  /** Per check, from the day rollups (kept forever). */
  static Map<String, Counts> countsInReadModel(DataSource dataSource, String schema) throws SQLException {
    return countsInReadModel(dataSource, schema, "rollup_day");
  }

  static Map<String, Counts> countsInReadModel(DataSource dataSource, String schema, String rollupTable) throws SQLException {
    Map<String, Counts> counts = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT check_id, sum(up_count), sum(down_count), sum(degraded_count), sum(latency_sum_ms) FROM "
                    + schema + "." + rollupTable + " GROUP BY check_id")) {
      while (rows.next()) {
        counts.put(rows.getString(1), new Counts(rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)));
      }
    }
    return counts;
  }
}

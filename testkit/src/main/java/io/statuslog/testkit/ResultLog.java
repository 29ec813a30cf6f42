package io.statuslog.testkit;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.ResultRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The results topic as a bare consumer reads it: every committed result, in log order per
 * partition, the results of a batch ingest wrote as one record among them.
 */
public final class ResultLog {
  private ResultLog() {}

  public static List<CheckResult> readAll(KafkaSettings kafka) {
    List<CheckResult> results = new ArrayList<>();
    forEach(kafka, results::add);
    return results;
  }

  /** Hands every committed result to {@code reader}, in log order per partition, without keeping them. */
  public static void forEach(KafkaSettings kafka, Consumer<CheckResult> reader) {
    String topic = kafka.topics().checkResults().name();
    var props = kafka.clientProperties("result-log-reader");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> ResultRecords.decode(record.value()).forEach(reader));
      }
    }
  }

  /**
   * The end offset of every partition of the results topic: what any write moves, committed or
   * aborted, so a refusal that leaves them as they were provably wrote nothing.
   */
  public static Map<TopicPartition, Long> endOffsets(KafkaSettings kafka) {
    String topic = kafka.topics().checkResults().name();
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("result-log-end-offsets"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return consumer.endOffsets(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList());
    }
  }
}

package io.statuslog.schemas.kafka;

import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A command's read of a small compacted topic (agents, check definitions): whole, once, to its end as of the call. */
public final class CompactedTopic {
  private CompactedTopic() {}

  /**
   * Every keyed record from the beginning to the end offsets as of this call, committed ones only
   * (the topic is written in transactions), in log order; a tombstone's value is null.
   *
   * @throws KafkaException when the end is not reached within {@code timeout}
   */
  public static <V> List<Map.Entry<String, V>> readAll(KafkaSettings kafka, Topic<String, V> topic, String clientId, Duration timeout) {
    TopicAdmin.ensureTopics(kafka);
    Properties props = kafka.clientProperties(clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    List<Map.Entry<String, V>> records = new ArrayList<>();
    try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
          .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException("could not read " + topic.name() + " to its end within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null) {
            V value = record.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            records.add(new SimpleEntry<>(record.key(), value));
          }
        }
      }
    }
    return records;
  }
}

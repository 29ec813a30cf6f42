package io.statuslog.schemas.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The {@code kafka:} block every role reads from the configuration file: where the broker is,
 * the topic prefix, how many partitions new topics get, and any extra client properties
 * (security, for example) passed through as they are.
 */
public record KafkaSettings(
    @JsonProperty("bootstrapServers") String bootstrapServers,
    @JsonProperty("topicPrefix") String topicPrefix,
    @JsonProperty("partitions") Integer partitions,
    @JsonProperty("replicationFactor") Short replicationFactor,
    @JsonProperty("clientProperties") Map<String, String> clientProperties) {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrapServers is required");
    }
    topicPrefix = topicPrefix == null || topicPrefix.isBlank() ? "statuslog" : topicPrefix;
    partitions = partitions == null ? 3 : partitions;
    replicationFactor = replicationFactor == null ? 1 : replicationFactor;
    if (partitions < 1) {
      throw new IllegalArgumentException("kafka.partitions must be at least 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("kafka.replicationFactor must be at least 1, got " + replicationFactor);
    }
    clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
  }

  public static KafkaSettings of(String bootstrapServers, String topicPrefix) {
    return new KafkaSettings(bootstrapServers, topicPrefix, null, null, null);
  }

  public Topics topics() {
    return new Topics(topicPrefix);
  }

  /** Properties shared by every client: bootstrap address, client id, extra properties. */
  public Properties clientProperties(String clientId) {
    Properties props = new Properties();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    props.putAll(clientProperties);
    return props;
  }

  /**
   * An idempotent producer that waits for every in-sync replica: a result is only "written"
   * once the log has it durably, and a retry never duplicates it.
   */
  public Properties producerProperties(String clientId) {
    Properties props = clientProperties(clientId);
    Map<String, Object> producer = new HashMap<>();
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    producer.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    producer.forEach(props::putIfAbsent);
    return props;
  }
}

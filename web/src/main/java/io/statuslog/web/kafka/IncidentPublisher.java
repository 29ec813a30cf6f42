package io.statuslog.web.kafka;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.web.core.AdminWrite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes admin incident events to the log and waits for Kafka's acknowledgement (acks=all). A
 * request's Idempotency-Key and fingerprint travel with its event as record headers, so any
 * replica, and this one after a restart, can read back which request an event answered.
 */
public final class IncidentPublisher implements AutoCloseable {
  public static final String IDEMPOTENCY_KEY_HEADER = "statuslog.idempotency-key";
  public static final String REQUEST_HASH_HEADER = "statuslog.request-hash";
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

  private final Topic<String, IncidentEvent> topic;
  private final Producer<String, IncidentEvent> producer;

  public IncidentPublisher(KafkaSettings kafka) {
    this.topic = kafka.topics().incidents();
    var props = kafka.producerProperties("statuslog-web-admin");
    props.put("delivery.timeout.ms", (int) ACK_TIMEOUT.toMillis());
    props.put("request.timeout.ms", 10_000);
    props.put("max.block.ms", 10_000);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer());
  }

  /** Returns once the log has the event; throws when Kafka did not confirm it. */
  public RecordMetadata publish(AdminWrite write) throws ExecutionException, TimeoutException, InterruptedException {
    IncidentEvent event = write.event();
    ProducerRecord<String, IncidentEvent> record = new ProducerRecord<>(topic.name(), event.getIncidentId(), event);
    write.idempotencyKey().ifPresent(key -> {
      record.headers().add(IDEMPOTENCY_KEY_HEADER, key.getBytes(StandardCharsets.US_ASCII));
      record.headers().add(REQUEST_HASH_HEADER, write.fingerprint().getBytes(StandardCharsets.US_ASCII));
    });
    // The wait outlasts delivery.timeout.ms, so the producer has given the record up by the time we answer 503.
    return producer.send(record).get(ACK_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

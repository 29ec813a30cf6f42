package io.statuslog.web.kafka;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes admin incident events to the log and waits for Kafka's acknowledgement (acks=all). */
public final class IncidentPublisher implements AutoCloseable {
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

  public String topicName() {
    return topic.name();
  }

  /** Returns once the log has the event; throws when Kafka did not confirm it. */
  public RecordMetadata publish(IncidentEvent event) throws ExecutionException, TimeoutException, InterruptedException {
    return producer.send(new ProducerRecord<>(topic.name(), event.getIncidentId(), event)).get(ACK_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

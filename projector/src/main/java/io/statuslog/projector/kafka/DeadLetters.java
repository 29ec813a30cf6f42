package io.statuslog.projector.kafka;

import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sets records aside on the dead-letter topic, those the projector cannot decode and those
 * PostgreSQL refuses, so the projector neither stops nor loops on them and nobody loses sight
 * of them. {@link #flush()} waits for the acks: the batch that skips a record commits only after
 * the record is safely set aside. A crash in between sets it aside again (its source
 * coordinates in the headers tell the copies apart). The loop's thread (records it cannot decode)
 * and the writer thread (records PostgreSQL refuses) both use it.
 */
final class DeadLetters implements AutoCloseable {
  private final KafkaSettings kafka;
  private final Topic<String, byte[]> topic;
  private final int generationId;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();
  private KafkaProducer<byte[], byte[]> producer;

  DeadLetters(KafkaSettings kafka, int generationId) {
    this.kafka = kafka;
    this.topic = kafka.topics().deadLetters();
    this.generationId = generationId;
  }

  synchronized void send(ConsumerRecord<byte[], byte[]> record, String reason) {
    if (producer == null) {
      producer = new KafkaProducer<>(kafka.producerProperties("statuslog-dead-letters-gen-" + generationId), new ByteArraySerializer(), new ByteArraySerializer());
    }
    ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic.name(), record.key(), record.value());
    letter.headers()
        .add("statuslog.source.topic", record.topic().getBytes(StandardCharsets.UTF_8))
        .add("statuslog.source.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8))
        .add("statuslog.source.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8))
        .add("statuslog.reason", String.valueOf(reason).getBytes(StandardCharsets.UTF_8))
        .add("statuslog.generation", Integer.toString(generationId).getBytes(StandardCharsets.UTF_8));
    pending.add(producer.send(letter));
  }

  /** Waits until every record sent so far is acknowledged; throws (and the batch is retried) if not. */
  synchronized void flush() {
    try {
      for (Future<RecordMetadata> ack : pending) {
        ack.get(2, TimeUnit.MINUTES);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("cannot set records aside on " + topic.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while setting records aside", e);
    } finally {
      pending.clear();
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
  }
}

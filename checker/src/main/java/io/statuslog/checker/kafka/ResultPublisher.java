package io.statuslog.checker.kafka;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes check results and definitions to the log, keyed by check id so every check's results
 * stay in order on one partition.
 */
public final class ResultPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);

  private final Topic<String, CheckResult> results;
  private final Topic<String, CheckDefinition> definitions;
  private final Producer<String, Object> producer;

  public ResultPublisher(KafkaSettings kafka, String clientId) {
    Topics topics = kafka.topics();
    this.results = topics.checkResults();
    this.definitions = topics.checkDefinitions();
    this.producer =
        new KafkaProducer<>(
            kafka.producerProperties(clientId), new StringSerializer(), this::serialize);
  }

  @SuppressWarnings("unchecked")
  private byte[] serialize(String topic, Object value) {
    if (value instanceof CheckResult result) {
      return results.valueSerde().serializer().serialize(topic, result);
    }
    if (value instanceof CheckDefinition definition) {
      return definitions.valueSerde().serializer().serialize(topic, definition);
    }
    if (value == null) {
      return null;
    }
    throw new IllegalArgumentException("not an event this publisher writes: " + value.getClass());
  }

  /** Completes once the log has the result (acks=all), or exceptionally when it could not. */
  public CompletableFuture<RecordMetadata> publish(CheckResult result) {
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    producer.send(
        new ProducerRecord<>(results.name(), result.getCheckId(), result),
        (metadata, error) -> {
          if (error != null) {
            LOG.error("result not written check={} result={} error={}", result.getCheckId(), result.getResultId(), error.toString());
            acked.completeExceptionally(error);
          } else {
            acked.complete(metadata);
          }
        });
    return acked;
  }

  /** Publishes the configured checks to the compacted definitions topic and waits for the acks. */
  public void publishDefinitions(List<CheckSpec> checks) {
    List<CompletableFuture<RecordMetadata>> acks =
        checks.stream()
            .map(
                check -> {
                  CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
                  producer.send(
                      new ProducerRecord<>(definitions.name(), check.id(), toDefinition(check)),
                      (metadata, error) -> {
                        if (error != null) acked.completeExceptionally(error);
                        else acked.complete(metadata);
                      });
                  return acked;
                })
            .toList();
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      LOG.info("published check definitions count={} topic={}", checks.size(), definitions.name());
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish check definitions: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot publish check definitions: Kafka did not acknowledge within 2 minutes", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing check definitions", e);
    }
  }

  static CheckDefinition toDefinition(CheckSpec check) {
    return CheckDefinition.newBuilder()
        .setCheckId(check.id())
        .setName(check.name())
        .setComponent(check.component().orElse(null))
        .setUrl(check.url().toString())
        .setIntervalMs(check.interval().toMillis())
        .setTimeoutMs(check.timeout().toMillis())
        .setExpectedStatus(check.expectedStatus())
        .setDegradedAfterMs(check.degradedAfter().map(java.time.Duration::toMillis).orElse(null))
        .setPublic$(check.isPublic())
        .build();
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(30));
  }
}

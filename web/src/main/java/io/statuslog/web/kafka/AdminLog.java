package io.statuslog.web.kafka;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.web.api.Responses.Written;
import io.statuslog.web.core.AdminAnswer;
import io.statuslog.web.core.AdminAnswer.Accepted;
import io.statuslog.web.core.AdminAnswer.Refused;
import io.statuslog.web.core.AdminLedger;
import io.statuslog.web.core.AdminWrite;
import io.statuslog.web.core.LoggedIncidentEvent;
import io.statuslog.web.core.LoggedIncidentEvent.KeyedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's view of the log. Every write is decided against the incidents topic and the
 * compacted check-definitions topic as they are when the request arrives, never against the
 * page's snapshot, which lags the log by the projector and the refresh interval: resolving an
 * incident opened a moment ago, by this replica, another one, or before a restart, just works.
 *
 * <p>Both topics are small and read whole, from the beginning, with {@code assign()} and no
 * consumer group, into an {@link AdminLedger}. Writes are serialized in this process: catch up to
 * the end offsets as of now, decide, write and wait for Kafka's acknowledgement, apply the
 * written event. When Kafka cannot be reached in time nothing is written and the caller answers
 * 503; the rest of the web tier does not depend on this class and keeps serving.
 *
 * <p>Replicas are not serialized with each other. Two replicas resolving the same incident at the
 * same instant both see it open and may both write a resolve; the projector's upsert keeps the
 * incident resolved (it never reopens one), so the second resolve costs one more entry in the
 * timeline, and resolvedAt moves to the later of the two. The same Idempotency-Key sent to two
 * replicas at the same instant may likewise be written twice; each replica then answers with the
 * first event it read for the key. Closing these races would take a lock outside this process (a
 * single-writer partition, or a transactional producer fencing the other replicas), which an
 * admin API used by people, seconds apart, does not need.
 */
public final class AdminLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminLog.class);
  /** How long a request may spend reading the log before it is answered 503. */
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
  /** How long a request may wait behind another admin write (itself bounded by the timeouts). */
  private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Topic<String, IncidentEvent> incidents;
  private final Topic<String, CheckDefinition> definitions;
  private final IncidentPublisher publisher;
  private final Consumer<String, byte[]> consumer;
  private final AdminLedger ledger = new AdminLedger();
  private final ReentrantLock writes = new ReentrantLock();
  private boolean closed;

  /** Takes ownership of the publisher: it is closed with this log, after the last write. */
  public AdminLog(KafkaSettings kafka, IncidentPublisher publisher) {
    this.incidents = kafka.topics().incidents();
    this.definitions = kafka.topics().checkDefinitions();
    this.publisher = publisher;
    var props = kafka.clientProperties("statuslog-web-admin-log");
    // Check definitions are written in transactions: an aborted one must not count.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Reading a topic that does not exist yet must not create it with the broker's retention.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CATCH_UP_TIMEOUT.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Decides the write against the log as of now and, when nothing stands in the way, writes it.
   * Throws {@link Unavailable} when Kafka could not be read or did not confirm the write.
   */
  public AdminAnswer submit(AdminWrite write) throws Unavailable {
    try {
      if (!writes.tryLock(QUEUE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Unavailable("another admin write is still waiting for Kafka; nothing was written, try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for another admin write; nothing was written, try again");
    }
    try {
      if (closed) {
        throw new Unavailable("the web tier is shutting down; nothing was written, try again");
      }
      // A key's first answer never changes, so it is repeated even while Kafka is unreachable.
      Optional<AdminAnswer> answer = ledger.answeredByKey(write);
      if (answer.isEmpty()) {
        catchUp();
        answer = ledger.refusalOrReplay(write);
      }
      if (answer.isPresent()) {
        logAnswer(write, answer.get());
        return answer.get();
      }
      Written written = publish(write);
      ledger.incidentLogged(write.loggedAt(written));
      LOG.info("incident event written incident={} event={} type={} key={} partition={} offset={}",
          written.incidentId(), written.eventId(), write.event().getType(), write.idempotencyKey().orElse("-"), written.partition(), written.offset());
      return new Accepted(written, false);
    } finally {
      writes.unlock();
    }
  }

  /** Reads both topics up to their end offsets as of now (committed records only). */
  private void catchUp() throws Unavailable {
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    try {
      List<TopicPartition> partitions = new ArrayList<>(partitionsOf(incidents, deadline));
      partitions.addAll(partitionsOf(definitions, deadline));
      if (!consumer.assignment().equals(Set.copyOf(partitions))) {
        // Partitions kept keep their position; new ones start from the beginning.
        consumer.assign(partitions);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
      while (behind(end, deadline)) {
        if (remaining(deadline).isZero()) {
          throw new org.apache.kafka.common.errors.TimeoutException("log not read to its end within " + CATCH_UP_TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(min(POLL, remaining(deadline)))) {
          apply(record);
        }
      }
    } catch (KafkaException e) {
      LOG.warn("admin API cannot read the log topic={} error={}", incidents.name(), e.toString());
      throw new Unavailable("Kafka cannot be read (" + e.getClass().getSimpleName() + "); nothing was written, try again");
    }
  }

  private List<TopicPartition> partitionsOf(Topic<?, ?> topic, long deadline) {
    // Empty when the topic does not exist yet: then it holds nothing to decide against.
    return consumer.partitionsFor(topic.name(), remaining(deadline)).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
  }

  private boolean behind(Map<TopicPartition, Long> end, long deadline) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), remaining(deadline)) < partition.getValue()) {
        return true;
      }
    }
    return false;
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.topic().equals(incidents.name())) {
        applyIncident(record);
      } else {
        applyDefinition(record);
      }
    } catch (KafkaException e) {
      // Not ours to repair (the projector sets such records aside): skip it rather than stop every admin write.
      LOG.warn("admin API skips an undecodable record topic={} partition={} offset={} error={}", record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  private void applyIncident(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    IncidentEvent event = incidents.valueSerde().deserializer().deserialize(record.topic(), record.value());
    Optional<String> key = header(record.headers(), IncidentPublisher.IDEMPOTENCY_KEY_HEADER);
    Optional<String> fingerprint = header(record.headers(), IncidentPublisher.REQUEST_HASH_HEADER);
    Optional<KeyedRequest> request = key.flatMap(k -> fingerprint.map(f -> new KeyedRequest(k, f)));
    Written written = new Written(event.getIncidentId(), event.getEventId(), record.topic(), record.partition(), record.offset());
    ledger.incidentLogged(new LoggedIncidentEvent(event.getType(), written, request));
  }

  private void applyDefinition(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      ledger.checkRemoved(record.key());
      return;
    }
    CheckDefinition definition = definitions.valueSerde().deserializer().deserialize(record.topic(), record.value());
    ledger.checkDefined(record.key(), definition.getComponent());
  }

  private Written publish(AdminWrite write) throws Unavailable {
    IncidentEvent event = write.event();
    try {
      RecordMetadata acked = publisher.publish(write);
      return new Written(event.getIncidentId(), event.getEventId(), acked.topic(), acked.partition(), acked.offset());
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("incident event not confirmed incident={} event={} key={} error={}", event.getIncidentId(), event.getEventId(), write.idempotencyKey().orElse("-"), e.toString());
      throw new Unavailable("Kafka did not confirm the write (" + e.getClass().getSimpleName() + "); it may or may not be recorded: "
          + "retry with the same Idempotency-Key to be sure it is recorded once");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted before Kafka confirmed the write; retry with the same Idempotency-Key");
    }
  }

  private static void logAnswer(AdminWrite write, AdminAnswer answer) {
    String key = write.idempotencyKey().orElse("-");
    switch (answer) {
      case Accepted accepted -> LOG.info("incident write replayed for its key incident={} event={} key={} offset={}",
          accepted.written().incidentId(), accepted.written().eventId(), key, accepted.written().offset());
      // A refused open names no incident: the id minted for it is never used.
      case Refused refused -> LOG.info("incident write refused incident={} type={} key={} refusal={}",
          write.event().getType() == IncidentEventType.OPENED ? "-" : write.event().getIncidentId(), write.event().getType(), key, refused.refusal());
    }
  }

  private static Optional<String> header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.US_ASCII));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Waits for the write under way, then closes the consumer and the publisher; later requests are answered 503. */
  @Override
  public void close() {
    writes.lock();
    try {
      closed = true;
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      publisher.close();
    } finally {
      writes.unlock();
    }
  }

  /** Kafka could not be read, or did not confirm the write, in time. The message says whether anything may have been written. */
  public static final class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message);
    }
  }
}

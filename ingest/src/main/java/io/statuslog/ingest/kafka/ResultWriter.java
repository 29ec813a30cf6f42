package io.statuslog.ingest.kafka;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.ResultRecords;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch of results as one record of the results topic ({@link ResultRecords}), and
 * says how it went only once Kafka has said so. One record is in the log whole or not at all, so
 * a batch is too, with no transaction: the broker spent more on a transaction per batch than on
 * the results themselves. A few idempotent producers (acks=all) serve the request threads, each
 * agent always through the same one.
 *
 * <p>Every write ends one of three ways, and the request that posted the batch says which:
 * <ul>
 *   <li>acknowledged: its results are in the log;
 *   <li>{@link NotWritten}: Kafka refused the record, or it never left this process (Kafka
 *       unreachable within the ack timeout, ingest shutting down): nothing of it will be read;
 *   <li>{@link OutcomeUnknown}: Kafka did not acknowledge it in time, and it may still land. The
 *       client is told to post the batch again, which counts once either way: the projector
 *       counts a spool's number once.
 * </ul>
 */
public final class ResultWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
  /**
   * The largest record written: under the broker's default {@code message.max.bytes}
   * (1 MiB and 12 bytes), with room for the record's own framing. A batch within ingest's
   * limits encodes smaller than its JSON, unless its agent and region names are long.
   */
  public static final int MAX_RECORD_BYTES = 1_000_000;
  /**
   * Producers, each with its own connection: the broker handles one connection's requests one at
   * a time, and with a single producer one slow append held every agent's answer behind it. In
   * bench/ingest.sh, p99 at half the peak rate was 27–478 ms in five runs with one producer, and
   * 21–23 ms in three with four.
   */
  private static final int PRODUCERS = 4;

  /** Nothing of the batch was or will be written. */
  public static final class NotWritten extends Exception {
    NotWritten(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The batch may or may not be in the log. */
  public static final class OutcomeUnknown extends Exception {
    OutcomeUnknown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The batch, as one record, is larger than {@link #MAX_RECORD_BYTES}; nothing was written. */
  public static final class TooLarge extends Exception {
    TooLarge(int bytes) {
      super("as one log record the batch is " + bytes + " bytes, over the " + MAX_RECORD_BYTES + " a record may hold; send fewer results per request");
    }
  }

  private final KafkaSettings kafka;
  private final String topic;
  private final String clientId;
  private final Duration ackTimeout;
  private final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();
  private volatile String lastFailure;
  private volatile boolean topicsEnsured;
  private volatile boolean closed;

  public ResultWriter(KafkaSettings kafka, String clientId, Duration ackTimeout) {
    this.kafka = kafka;
    this.topic = kafka.topics().checkResults().name();
    this.clientId = clientId;
    this.ackTimeout = ackTimeout;
    long ackMs = ackTimeout.toMillis();
    int requestTimeout = (int) Math.max(1_000, ackMs / 2);
    Properties props = kafka.producerProperties(clientId);
    // Kafka unreachable: send() waits for the topic's metadata this long, then fails with nothing sent.
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackMs, requestTimeout + 5L));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * MAX_RECORD_BYTES);
    // Each record is already a batch, and a request thread waits for its ack: lingering only adds
    // to every answer's latency. Records sent while a request is in flight still go out together.
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Created without Kafka: a producer connects on its first send, so ingest starts while Kafka is down.
    for (int i = 0; i < PRODUCERS; i++) {
      props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-" + i);
      producers.add(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
    }
  }

  /** The Kafka client ids this instance writes as: this, then -0 to -3. */
  public String clientId() {
    return clientId;
  }

  /** Why the last write failed, when it did; empty once one is acknowledged again. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /**
   * Writes the results as one record under {@code key} (the agent, so one agent's batches stay in
   * order on one partition). The future completes with the number of results once Kafka
   * acknowledged the record, or fails with {@link NotWritten} or {@link OutcomeUnknown}, within
   * about the ack timeout.
   */
  public CompletableFuture<Integer> write(String key, List<CheckResult> results) throws TooLarge {
    byte[] record = ResultRecords.encodeBatch(results);
    if (record.length > MAX_RECORD_BYTES) {
      throw new TooLarge(record.length);
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new NotWritten("ingest is shutting down; nothing was written", null));
      return done;
    }
    try {
      ensureTopics();
      // One agent, one producer: its batches keep their order even when one is sent again.
      KafkaProducer<String, byte[]> producer = producers.get(Math.floorMod(key.hashCode(), PRODUCERS));
      producer.send(new ProducerRecord<>(topic, key, record), (metadata, error) -> {
        if (error == null) {
          lastFailure = null;
          done.complete(results.size());
        } else {
          done.completeExceptionally(failed(error, results.size(), true));
        }
      });
    } catch (RuntimeException e) {
      // Never sent: the topics could not be made sure of, or Kafka did not answer for the topic's metadata.
      done.completeExceptionally(failed(e, results.size(), false));
    }
    return done;
  }

  private void ensureTopics() {
    if (!topicsEnsured) {
      TopicAdmin.ensureTopics(kafka);
      topicsEnsured = true;
    }
  }

  /**
   * What a failure means for the batch. A record Kafka refused, or one send() never took, was
   * not written; a record sent and then not acknowledged (a timeout, a broker gone mid-request)
   * may have been.
   */
  private Exception failed(Exception error, int results, boolean sent) {
    lastFailure = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage().lines().findFirst().orElse(""));
    boolean refused = error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException || error instanceof InvalidTopicException
        || error instanceof AuthorizationException || error instanceof SerializationException;
    if (sent && !refused) {
      LOG.warn("results not acknowledged clientId={} results={} error={}; clients retry, and a retried batch counts once", clientId, results, lastFailure);
      return new OutcomeUnknown("Kafka did not acknowledge the results within " + ackTimeout.toSeconds() + " s (" + lastFailure
          + "); the results may or may not be recorded", error);
    }
    LOG.warn("results not written clientId={} results={} error={}", clientId, results, lastFailure);
    return new NotWritten("Kafka did not take the results (" + lastFailure + "); nothing was written", error);
  }

  /** Writes what was sent, within the ack timeout, then stops; later writes fail with {@link NotWritten}. */
  @Override
  public void close() {
    closed = true;
    producers.forEach(producer -> producer.close(ackTimeout));
  }
}

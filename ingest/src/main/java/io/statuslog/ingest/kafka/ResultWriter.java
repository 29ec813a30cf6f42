package io.statuslog.ingest.kafka;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of results to the results topic, each batch whole or not at all, and says which
 * only once Kafka has said so. A few lanes share one queue; each lane is one thread owning one
 * transactional producer (acks=all, idempotent), and the batches waiting when a lane is free go
 * into one transaction together (a group commit), so a busy ingest makes few, large
 * transactions, and a batch is never split across two. Lanes, because one producer has one
 * transaction open at a time, and the broker makes the first send of the next one wait until the
 * last one's commit markers are written (a CONCURRENT_TRANSACTIONS retry, 20 ms by default):
 * with one lane every batch queued behind that wait.
 *
 * <p>Every batch ends one of three ways, and the request that posted it says which:
 * <ul>
 *   <li>committed: its results are in the log;
 *   <li>{@link NotWritten}: the transaction was aborted, or never began (Kafka unreachable, a
 *       send refused or not acknowledged in time, another instance fenced this one, the batch
 *       waited past its deadline): none of its results will ever be read;
 *   <li>{@link OutcomeUnknown}: Kafka did not answer the commit in time. The next producer that
 *       lane starts either completes that commit or aborts it; the request cannot wait to
 *       learn which, so the client is told to post the batch again, which counts once either way.
 * </ul>
 *
 * <p>Each lane's transactional id is this instance's own and the same after a restart (the
 * number of lanes is fixed for that reason): the new producer aborts at once a transaction the
 * killed process left open, instead of the results topic being held (for readers of committed
 * records) until the transaction timeout. Two instances given the same id fence each other; each
 * fencing fails that instance's batches, and is logged as an error naming the id.
 */
public final class ResultWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);
  /** Fixed, not configured: a lane dropped by a restart would leave its open transaction holding readers until it times out. */
  private static final int LANES = 4;
  /** Results in one transaction at most; a batch is never split, so one larger batch still goes whole. */
  private static final int GROUP_RESULTS = 10_000;
  /** Bounds how long readers of committed records wait behind a transaction this process left open and never restarted to abort. */
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

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

  private record Pending(List<CheckResult> results, long deadlineNanos, CompletableFuture<Integer> done) {}

  private final KafkaSettings kafka;
  private final Topic<String, CheckResult> topic;
  private final String transactionalId;
  private final Duration ackTimeout;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Lane> lanes = new ArrayList<>();
  private final ReentrantLock taking = new ReentrantLock();
  private volatile boolean closed;
  private volatile boolean topicsEnsured;

  /** Lane {@code n} writes as {@code transactionalId-n}. */
  public ResultWriter(KafkaSettings kafka, String transactionalId, Duration ackTimeout) {
    this.kafka = kafka;
    this.topic = kafka.topics().checkResults();
    this.transactionalId = transactionalId;
    this.ackTimeout = ackTimeout;
    for (int lane = 0; lane < LANES; lane++) {
      lanes.add(new Lane(transactionalId + "-" + lane));
    }
  }

  public ResultWriter start() {
    lanes.forEach(lane -> lane.thread.start());
    return this;
  }

  /** The lanes' transactional ids, as {@code prefix-0..3}. */
  public String transactionalIds() {
    return transactionalId + "-0.." + (LANES - 1);
  }

  /** Why a lane's last transaction failed, when one's did; empty once each lane commits again. */
  public java.util.Optional<String> lastFailure() {
    return lanes.stream().map(lane -> lane.lastFailure).filter(java.util.Objects::nonNull).findFirst();
  }

  /**
   * Queues a batch for the next transaction. The future completes with the number of results
   * once committed, or fails with {@link NotWritten} or {@link OutcomeUnknown}; it always
   * completes, within about three times the ack timeout.
   */
  public CompletableFuture<Integer> write(List<CheckResult> results) {
    CompletableFuture<Integer> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new NotWritten("ingest is shutting down; nothing was written", null));
      return done;
    }
    queue.add(new Pending(List.copyOf(results), System.nanoTime() + ackTimeout.toNanos(), done));
    return done;
  }

  /** One thread, one transactional producer, one transaction at a time. */
  private final class Lane {
    /**
     * How often an idle lane whose producer could not start tries again: while Kafka is down its
     * leftover transaction holds no reader, and a batch starts the producer anyway.
     */
    private static final long START_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final String id;
    private final Thread thread;
    private volatile String lastFailure;
    private KafkaProducer<String, CheckResult> producer;
    private long nextStart;

    Lane(String id) {
      this.id = id;
      this.nextStart = System.nanoTime();
      this.thread = Thread.ofPlatform().name("ingest-result-writer-" + id.substring(id.lastIndexOf('-') + 1)).unstarted(this::run);
    }

    private void run() {
      while (!closed || !queue.isEmpty()) {
        List<Pending> group;
        try {
          group = nextGroup();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (!group.isEmpty()) {
          commit(group);
        } else if (producer == null && !closed) {
          startWhileIdle();
        }
      }
      closeProducer();
      NotWritten closing = new NotWritten("ingest is shutting down; nothing was written", null);
      for (Pending left; (left = queue.poll()) != null; ) {
        left.done().completeExceptionally(closing);
      }
    }

    /**
     * Starts this lane's producer before it has work: starting it aborts the transaction its id
     * left open (a killed process, a commit whose outcome was unknown), and until then readers of
     * committed records wait behind that transaction, up to its timeout.
     */
    private void startWhileIdle() {
      long now = System.nanoTime();
      if (now - nextStart < 0) {
        return;
      }
      nextStart = now + START_EVERY_NANOS;
      try {
        producer();
      } catch (RuntimeException e) {
        LOG.debug("lane not started transactionalId={} error={}", id, e.toString()); // the next batch's failure says it
      }
    }

    /**
     * The batches at the head of the queue, up to {@link #GROUP_RESULTS}; empty after a while
     * with none. One lane takes at a time, so a lane never finds a batch it peeked at gone.
     */
    private List<Pending> nextGroup() throws InterruptedException {
      taking.lockInterruptibly();
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          return List.of();
        }
        List<Pending> group = new ArrayList<>(List.of(first));
        int results = first.results().size();
        for (Pending next; (next = queue.peek()) != null && results + next.results().size() <= GROUP_RESULTS; ) {
          group.add(queue.poll());
          results += next.results().size();
        }
        return group;
      } finally {
        taking.unlock();
      }
    }

    private void commit(List<Pending> group) {
      long now = System.nanoTime();
      List<Pending> live = new ArrayList<>();
      for (Pending pending : group) {
        if (now > pending.deadlineNanos()) {
          // Queued behind transactions Kafka was slow to take: never begun, so never written.
          pending.done().completeExceptionally(new NotWritten("Kafka did not take the results within " + ackTimeout.toSeconds() + " s"
              + (lastFailure == null ? "" : " (" + lastFailure + ")") + "; nothing was written", null));
        } else {
          live.add(pending);
        }
      }
      if (live.isEmpty()) {
        return;
      }
      boolean committing = false;
      try {
        KafkaProducer<String, CheckResult> producer = producer();
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Pending pending : live) {
          for (CheckResult result : pending.results()) {
            sent.add(producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), result)));
          }
        }
        producer.flush();
        for (Future<RecordMetadata> send : sent) {
          send.get(); // done after flush; a failed send fails the whole transaction
        }
        committing = true;
        producer.commitTransaction();
        lastFailure = null;
        live.forEach(pending -> pending.done().complete(pending.results().size()));
      } catch (ExecutionException e) {
        fail(live, e.getCause(), false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(live, e, committing);
      } catch (RuntimeException e) {
        fail(live, e, committing);
      }
    }

    private void fail(List<Pending> live, Throwable error, boolean committing) {
      lastFailure = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + firstLine(error.getMessage()));
      int results = live.stream().mapToInt(pending -> pending.results().size()).sum();
      if (fencedOrFatal(error)) {
        LOG.error("results not written: this producer was fenced or failed for good transactionalId={} batches={} results={} error={};"
            + " is another ingest running with the same ingest.instanceId?", id, live.size(), results, lastFailure);
        // A fenced producer's transaction is aborted by the one that fenced it: never committed.
        live.forEach(pending -> pending.done().completeExceptionally(new NotWritten(notWritten(), error)));
        closeProducer();
        return;
      }
      if (committing && (error instanceof TimeoutException || error instanceof InterruptException || error instanceof InterruptedException)) {
        LOG.warn("commit not confirmed transactionalId={} batches={} results={} error={}; clients retry, and a retried batch counts once",
            id, live.size(), results, lastFailure);
        closeProducer(); // the next producer's initTransactions completes or aborts it
        live.forEach(pending -> pending.done().completeExceptionally(new OutcomeUnknown("Kafka did not confirm the commit within "
            + ackTimeout.toSeconds() + " s (" + lastFailure + "); the results may or may not be recorded", error)));
        return;
      }
      LOG.warn("results not written transactionalId={} batches={} results={} error={}", id, live.size(), results, lastFailure);
      // Answered before the abort, which waits on the same Kafka that just failed: this writer never
      // commits the transaction, so whether the abort lands now, or the next producer with this id
      // aborts it, or the transaction timeout does, none of these results is ever read.
      live.forEach(pending -> pending.done().completeExceptionally(new NotWritten(notWritten(), error)));
      abort();
    }

    private String notWritten() {
      return "Kafka did not commit the results (" + lastFailure + "); nothing was written";
    }

    private static boolean fencedOrFatal(Throwable error) {
      return error instanceof ProducerFencedException || error instanceof InvalidProducerEpochException
          || error instanceof OutOfOrderSequenceException || error instanceof AuthorizationException
          || (error instanceof KafkaException && error.getCause() instanceof ProducerFencedException);
    }

    private void abort() {
      if (producer == null) {
        return;
      }
      try {
        producer.abortTransaction();
      } catch (RuntimeException e) {
        // Never begun, or Kafka gone: a new producer with our id aborts whatever is left open.
        closeProducer();
      }
    }

    private KafkaProducer<String, CheckResult> producer() {
      if (producer != null) {
        return producer;
      }
      if (!topicsEnsured) {
        TopicAdmin.ensureTopics(kafka);
        topicsEnsured = true;
      }
      long ackMs = ackTimeout.toMillis();
      int requestTimeout = (int) Math.max(1_000, ackMs / 2);
      Properties props = kafka.producerProperties(id);
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
      props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackMs);
      props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeout);
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackMs, requestTimeout + 5L));
      props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
      KafkaProducer<String, CheckResult> created = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer());
      try {
        created.initTransactions();
      } catch (RuntimeException e) {
        created.close(Duration.ZERO);
        throw e;
      }
      producer = created;
      LOG.info("ingest writes results transactionalId={} topic={}", id, topic.name());
      return created;
    }

    private void closeProducer() {
      if (producer != null) {
        try {
          producer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
          LOG.debug("producer did not close cleanly: {}", e.toString());
        }
        producer = null;
      }
    }
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse("");
  }

  /** Writes what is queued, then stops; later writes fail with {@link NotWritten}. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + ackTimeout.multipliedBy(3).plusSeconds(5).toNanos();
    for (Lane lane : lanes) {
      lane.thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
  }
}

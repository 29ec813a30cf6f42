package io.statuslog.ingest.kafka;

import io.statuslog.ingest.core.Agents;
import io.statuslog.ingest.core.Definitions;
import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest's view of the two small compacted topics it decides against: the agents and the check
 * definitions, read whole from the beginning (assigned, no consumer group, committed records
 * only) and then followed, by one thread, into immutable {@link Agents} and {@link Definitions}
 * that requests read without a lock.
 *
 * <p>Following lags by a poll. A request that must decide against the log as it is now (is this
 * token's agent revoked? was this push check just applied?) asks {@link #caughtUp()}: the thread
 * then reads both topics up to their end offsets as of that moment. Requests that ask at the
 * same time share one read. The end offsets come from an admin client, on connections of its
 * own: asked of the following consumer, they queue at the broker behind its long-polling fetch,
 * and every request waited out {@code fetch.max.wait.ms} (half a second) for nothing. When Kafka cannot be read the future fails, and the request is
 * answered 503; nothing else in ingest waits on this thread.
 */
public final class LogView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogView.class);
  private static final Duration FOLLOW_POLL = Duration.ofMillis(500);
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaSettings kafka;
  private final Topic<String, AgentEvent> agentsTopic;
  private final Topic<String, CheckDefinition> definitionsTopic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> waiting = new ConcurrentLinkedQueue<>();
  private final Set<CompletableFuture<Definitions>> definitionWatchers = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  /** True while the thread waits in a follow poll: the only time a request wakes it, so a read to the end is never cut short. */
  private final AtomicBoolean following = new AtomicBoolean();
  private volatile Agents agents = Agents.empty();
  private volatile Definitions definitions = Definitions.empty();
  private List<TopicPartition> partitions = List.of();
  private boolean topicsEnsured;

  public LogView(KafkaSettings kafka) {
    this.kafka = kafka;
    this.agentsTopic = kafka.topics().agents();
    this.definitionsTopic = kafka.topics().checkDefinitions();
    Properties props = kafka.clientProperties("statuslog-ingest-log-view");
    // Check definitions are written in transactions: an aborted apply must not count.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CATCH_UP_TIMEOUT.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    Properties adminProps = kafka.clientProperties("statuslog-ingest-log-end");
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CATCH_UP_TIMEOUT.toMillis());
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.admin = Admin.create(adminProps);
    this.thread = Thread.ofPlatform().name("ingest-log-view").daemon().unstarted(this::run);
  }

  /** Starts following; building the view contacts no broker, so ingest starts with Kafka down. */
  public LogView start() {
    thread.start();
    return this;
  }

  /** The agents as last read. */
  public Agents agents() {
    return agents;
  }

  /** The check definitions as last read. */
  public Definitions definitions() {
    return definitions;
  }

  /** Completes once both topics are read up to their end as of this call; fails when Kafka cannot be read. */
  public CompletableFuture<Void> caughtUp() {
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    if (stopped.getCount() == 0) {
      caughtUp.completeExceptionally(new KafkaException("ingest is shutting down"));
      return caughtUp;
    }
    waiting.add(caughtUp);
    if (following.get()) {
      consumer.wakeup();
    }
    return caughtUp;
  }

  /**
   * Completes with the definitions once they are newer than {@code version}, or with the current
   * ones after {@code atMost}: a long poll's wait, which holds no thread.
   */
  public CompletableFuture<Definitions> definitionsNewerThan(long version, Duration atMost) {
    CompletableFuture<Definitions> watcher = new CompletableFuture<>();
    definitionWatchers.add(watcher);
    // Registered first, then checked: a change between the two completes it either way.
    if (definitions.version() > version) {
      watcher.complete(definitions);
    }
    return watcher.completeOnTimeout(definitions, atMost.toNanos(), TimeUnit.NANOSECONDS)
        .thenApply(ignored -> definitions)
        .whenComplete((ignored, error) -> definitionWatchers.remove(watcher));
  }

  private void run() {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    Duration backoff = Duration.ofSeconds(1);
    boolean failing = false;
    while (stopped.getCount() > 0) {
      try {
        for (CompletableFuture<Void> next; (next = waiting.poll()) != null; ) {
          pending.add(next);
        }
        if (!pending.isEmpty() || partitions.isEmpty()) {
          readToEnd();
          pending.forEach(caughtUp -> caughtUp.complete(null));
          pending.clear();
        } else {
          following.set(true);
          try {
            if (waiting.isEmpty()) {
              apply(consumer.poll(FOLLOW_POLL));
            }
          } finally {
            following.set(false);
          }
        }
        if (failing) {
          LOG.info("ingest reads the log again agents={} checks={}", agents.all().size(), definitions.version());
          failing = false;
        }
        backoff = Duration.ofSeconds(1);
      } catch (WakeupException e) {
        // A request waits for the end of the log: go round and read up to it.
      } catch (KafkaException | IllegalStateException e) {
        if (stopped.getCount() == 0) {
          break;
        }
        if (!failing) {
          LOG.warn("ingest cannot read the log topics={},{} error={}; requests that need it are answered 503", agentsTopic.name(),
              definitionsTopic.name(), e.toString());
          failing = true;
        }
        pending.forEach(caughtUp -> caughtUp.completeExceptionally(e));
        pending.clear();
        for (CompletableFuture<Void> next; (next = waiting.poll()) != null; ) {
          next.completeExceptionally(e);
        }
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
      }
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }

  /** Reads both topics up to their end offsets as of now. */
  private void readToEnd() {
    assign();
    long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
    Map<TopicPartition, Long> end = endOffsets();
    while (behind(end)) {
      if (System.nanoTime() > deadline) {
        throw new org.apache.kafka.common.errors.TimeoutException("log not read to its end within " + CATCH_UP_TIMEOUT.toSeconds() + " s");
      }
      apply(consumer.poll(Duration.ofMillis(100)));
    }
  }

  /** The committed end (last stable offset) of every partition, as the read_committed consumer sees it. */
  private Map<TopicPartition, Long> endOffsets() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(CATCH_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> end.put(partition, info.offset()));
      return end;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while reading the log's end", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new KafkaException("cannot read the end of " + agentsTopic.name() + " and " + definitionsTopic.name(), e.getCause() == null ? e : e.getCause());
    }
  }

  private boolean behind(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return true;
      }
    }
    return false;
  }

  /** Assigns every partition of both topics, from the beginning; creates the topics once when one is missing. */
  private void assign() {
    if (!partitions.isEmpty()) {
      return;
    }
    List<TopicPartition> found = partitionsOf();
    if (found.isEmpty() || !coversBothTopics(found)) {
      if (!topicsEnsured) {
        TopicAdmin.ensureTopics(kafka);
        topicsEnsured = true;
        found = partitionsOf();
      }
    }
    if (!coversBothTopics(found)) {
      throw new KafkaException("topics " + agentsTopic.name() + " and " + definitionsTopic.name() + " are not both there yet");
    }
    consumer.assign(found);
    consumer.seekToBeginning(found);
    partitions = List.copyOf(found);
  }

  private List<TopicPartition> partitionsOf() {
    List<TopicPartition> found = new ArrayList<>();
    for (String topic : List.of(agentsTopic.name(), definitionsTopic.name())) {
      consumer.partitionsFor(topic, CATCH_UP_TIMEOUT).forEach(info -> found.add(new TopicPartition(info.topic(), info.partition())));
    }
    return found;
  }

  private boolean coversBothTopics(List<TopicPartition> found) {
    return found.stream().map(TopicPartition::topic).distinct().count() == 2;
  }

  private void apply(ConsumerRecords<String, byte[]> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Map.Entry<String, AgentEvent>> agentEvents = new ArrayList<>();
    List<Map.Entry<String, CheckDefinition>> definitionChanges = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.key() == null) {
        continue;
      }
      try {
        if (record.topic().equals(agentsTopic.name())) {
          agentEvents.add(new SimpleEntry<>(record.key(), agentsTopic.valueSerde().deserializer().deserialize(record.topic(), record.value())));
        } else {
          definitionChanges.add(new SimpleEntry<>(record.key(), definitionsTopic.valueSerde().deserializer().deserialize(record.topic(), record.value())));
        }
      } catch (KafkaException e) {
        // Not ours to repair: skipping it keeps every other agent and check working.
        LOG.warn("ingest skips an undecodable record topic={} partition={} offset={} error={}", record.topic(), record.partition(), record.offset(), e.toString());
      }
    }
    agents = agents.after(agentEvents);
    if (!definitionChanges.isEmpty()) {
      definitions = definitions.after(definitionChanges);
      // Completed from a copy: a watcher completes on this thread, and its long poll, when the
      // change left its region as it was, registers the next watcher at once; the live set's
      // iterator could hand that one this same version, and the poll would end with a 304.
      List.copyOf(definitionWatchers).forEach(watcher -> watcher.complete(definitions));
    }
  }

  private void pause(Duration backoff) {
    try {
      stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped.countDown();
    consumer.wakeup();
    thread.join(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(5));
    KafkaException closing = new KafkaException("ingest is shutting down");
    waiting.forEach(caughtUp -> caughtUp.completeExceptionally(closing));
  }
}

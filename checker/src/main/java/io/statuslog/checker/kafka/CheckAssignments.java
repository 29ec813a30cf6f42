package io.statuslog.checker.kafka;

import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.ProbedChecks;
import io.statuslog.checker.spool.CheckCache;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks this worker probes, taken from the compacted definitions topic. The workers of one
 * region form one consumer group over that topic: Kafka gives each the checks of some of its
 * partitions, a worker that joins takes a share, and the checks of one that dies go to the
 * others once its session times out. On every assignment the worker reads its partitions from
 * their start (compacted, so small) and follows them, so a `checks apply` reaches it within
 * seconds. At most as many workers per region as the topic has partitions get checks.
 *
 * <p>What it was last given is kept beside the spool ({@link CheckCache}): a worker restarted
 * while Kafka is unreachable goes on probing those checks.
 */
public final class CheckAssignments implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckAssignments.class);
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaSettings kafka;
  private final Topic<String, CheckDefinition> topic;
  private final String region;
  private final String spoolId;
  private final CheckCache cache;
  private final Consumer<List<CheckSpec>> onChange;
  private final Map<TopicPartition, Map<String, CheckDefinition>> byPartition = new HashMap<>();
  /** Partitions assigned but not yet read to their end as of the assignment. */
  private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
  private final ProbedChecks probedChecks = new ProbedChecks();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile KafkaConsumer<String, byte[]> consumer;

  public CheckAssignments(KafkaSettings kafka, String region, String spoolId, CheckCache cache, Consumer<List<CheckSpec>> onChange) {
    this.kafka = kafka;
    this.topic = kafka.topics().checkDefinitions();
    this.region = region;
    this.spoolId = spoolId;
    this.cache = cache;
    this.onChange = onChange;
  }

  /** The checks last given to this worker, from before a restart: what to probe until Kafka answers. */
  public List<CheckSpec> cached() {
    return probed(cache.read());
  }

  @Override
  public void run() {
    Properties props = kafka.clientProperties("statuslog-checker-" + region + "-" + spoolId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "statuslog-checkers-" + region);
    // A restarted worker takes its own place back without a rebalance, within the session timeout.
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, spoolId);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    consumer = kafkaConsumer;
    try {
      kafkaConsumer.subscribe(List.of(topic.name()), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          if (stopped.getCount() == 0) {
            return; // our own stop: the checks stay ours in the cache, for the next start
          }
          partitions.forEach(byPartition::remove);
          partitions.forEach(catchingUp::remove);
          changed("revoked " + partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
          // Probed on until the next assignment is read: a gap in probing is worse than a
          // moment of two workers probing the same check.
          partitions.forEach(byPartition::remove);
          partitions.forEach(catchingUp::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          // Every check of a partition is needed, not only what came after someone's offset.
          kafkaConsumer.seekToBeginning(partitions);
          partitions.forEach(partition -> byPartition.put(partition, new TreeMap<>()));
          catchingUp.putAll(kafkaConsumer.endOffsets(partitions));
        }
      });
      while (stopped.getCount() > 0) {
        boolean anything = false;
        for (ConsumerRecord<String, byte[]> record : kafkaConsumer.poll(Duration.ofMillis(500))) {
          Map<String, CheckDefinition> checks = byPartition.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new TreeMap<>());
          if (record.value() == null) {
            checks.remove(record.key());
          } else {
            checks.put(record.key(), topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
          }
          anything = true;
        }
        // A newly assigned partition counts once read to where it ended when it was assigned,
        // so a half-read partition never stops checks it still holds.
        boolean caughtUp = !catchingUp.isEmpty();
        catchingUp.entrySet().removeIf(end -> kafkaConsumer.position(end.getKey()) >= end.getValue());
        caughtUp &= catchingUp.isEmpty();
        if ((anything || caughtUp) && catchingUp.isEmpty()) {
          changed(caughtUp ? "assigned partitions read" : "definitions changed");
        }
      }
    } catch (WakeupException e) {
      // stopping
    } finally {
      kafkaConsumer.close(CloseOptions.timeout(Duration.ofSeconds(5)).withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
    }
  }

  private void changed(String why) {
    List<CheckDefinition> definitions = new ArrayList<>();
    byPartition.values().forEach(checks -> definitions.addAll(checks.values()));
    List<CheckSpec> checks = probed(definitions);
    cache.write(definitions);
    LOG.info("checks assigned region={} checks={} partitions={} reason={}", region, checks.size(), byPartition.keySet().size(), why);
    onChange.accept(checks);
  }

  /** The definitions this worker's region probes, as checks; one this code cannot probe is skipped, said once. */
  private List<CheckSpec> probed(List<CheckDefinition> definitions) {
    ProbedChecks.Selection selection = probedChecks.select(definitions, region);
    selection.newlySkipped().forEach(skipped -> LOG.warn("check definition skipped check={} reason={}", skipped.checkId(), skipped.reason()));
    return selection.checks();
  }

  public void stop() {
    stopped.countDown();
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }
}

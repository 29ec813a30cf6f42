package io.statuslog.checker.kafka;

import io.statuslog.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One agent id, one running checker. A checker is a static member of its agent's consumer group
 * (instance id = its spool's id) for as long as it runs, and nothing is delivered before it is
 * one. Before joining it looks at the group: a member from another spool means another
 * installation already runs with this agent id, and this one refuses. Two that start at the
 * same moment both get in; each looks again once a member and every {@link #RECHECK_EVERY}, and
 * the one with the higher spool id gives way. A restart of the same installation takes its own
 * place at once (static membership), so a checker killed and started again is not refused. The
 * member consumes nothing: it exists to be seen.
 */
final class AgentPresence implements AutoCloseable {
  /** Another installation runs under this agent id. */
  static final class AgentInUseException extends IllegalStateException {
    AgentInUseException(String message) {
      super(message);
    }
  }

  /** A member of the agent's group as Kafka describes it. */
  record Member(Optional<String> instanceId, String clientId, String host) {}

  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration RECHECK_EVERY = Duration.ofSeconds(30);

  private final KafkaSettings kafka;
  private final String agent;
  private final String spoolId;
  private Admin admin;
  private KafkaConsumer<byte[], byte[]> member;
  private volatile boolean assigned;
  private long lastCheck;

  AgentPresence(KafkaSettings kafka, String agent, String spoolId) {
    this.kafka = kafka;
    this.agent = agent;
    this.spoolId = spoolId;
  }

  private String group() {
    return "statuslog-agent-" + agent;
  }

  /**
   * Joins the agent's group and returns once a member, unless another installation is in it.
   *
   * @throws AgentInUseException when another installation runs with this agent id
   * @throws KafkaException when Kafka cannot be asked or the join takes too long
   */
  void join() {
    if (member != null) {
      return;
    }
    if (admin == null) {
      Properties props = kafka.clientProperties("statuslog-agent-admin-" + spoolId);
      props.put("default.api.timeout.ms", 15_000);
      props.put("request.timeout.ms", 10_000);
      admin = Admin.create(props);
    }
    conflicting(describe(), spoolId).ifPresent(other -> {
      throw inUse(other);
    });
    Properties props = kafka.clientProperties("statuslog-agent-" + agent + "-" + spoolId);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group());
    props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, spoolId);
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    member = consumer;
    consumer.subscribe(List.of(kafka.topics().checkDefinitions().name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        consumer.pause(partitions); // a member to be seen, not a reader
        assigned = true;
      }
    });
    long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
    while (!assigned) {
      if (System.nanoTime() > deadline) {
        close();
        throw new KafkaException("could not join the group of agent " + agent + " within " + JOIN_TIMEOUT.toSeconds() + " s");
      }
      consumer.poll(Duration.ofMillis(100));
    }
    recheck();
  }

  /**
   * Called often from the delivery loop: a member that does not poll is taken out of the group.
   *
   * @throws AgentInUseException when another installation joined at the same moment and this one gives way
   */
  void keepAlive() {
    if (member == null) {
      return;
    }
    member.poll(Duration.ZERO);
    if (System.nanoTime() - lastCheck > RECHECK_EVERY.toNanos()) {
      recheck();
    }
  }

  private void recheck() {
    lastCheck = System.nanoTime();
    Optional<Member> other = conflicting(describe(), spoolId);
    if (other.isPresent() && givesWay(spoolId, other.get())) {
      throw inUse(other.get());
    }
  }

  /** Of two members that both got in, the one with the higher spool id gives way. */
  static boolean givesWay(String spoolId, Member other) {
    return other.instanceId().map(id -> id.compareTo(spoolId) < 0).orElse(true);
  }

  /** The first member that is not this spool's, if any. */
  static Optional<Member> conflicting(List<Member> members, String spoolId) {
    return members.stream().filter(m -> !m.instanceId().equals(Optional.of(spoolId))).findFirst();
  }

  private AgentInUseException inUse(Member other) {
    return new AgentInUseException("agent id '" + agent + "' is in use by another running checker (spool "
        + other.instanceId().orElse("?") + " on " + other.host() + "); give each checker its own checker.agent,"
        + " or stop the other one (a checker that died leaves the group within " + SESSION_TIMEOUT.toSeconds() + " s)");
  }

  private List<Member> describe() {
    try {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(group())).describedGroups().get(group()).get(30, TimeUnit.SECONDS);
      return group.members().stream().map(m -> new Member(m.groupInstanceId(), m.clientId(), m.host())).toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw new KafkaException("cannot describe the group of agent " + agent, e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("cannot describe the group of agent " + agent + ": no answer within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (member != null) {
      // A static member stays in its group after close unless told to leave; a clean stop frees
      // the agent id at once, a crash within the session timeout.
      member.close(CloseOptions.timeout(Duration.ofSeconds(5)).withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
      member = null;
      assigned = false;
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
  }
}

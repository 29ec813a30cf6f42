package io.statuslog.ingest.kafka;

import io.statuslog.ingest.core.Agent;
import io.statuslog.ingest.core.Agents;
import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.kafka.CompactedTopic;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.secret.SecretToken;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The agents topic as `statuslog agents` sees it: read to its end, decided against, and written
 * one event at a time, each returned only once Kafka acknowledged it (acks=all). Every running
 * ingest reads the event before it decides its next request, so a revocation is in force for
 * every request that arrives after `agents revoke` returns.
 *
 * <p>Two operators adding the same name at the same instant may both succeed; the later event
 * wins and the earlier token is refused as unknown. `agents list` shows the one that counts.
 */
public final class AgentsLog {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** An agent just added, and its token: shown once, never stored. */
  public record Added(Agent agent, SecretToken token) {}

  private final KafkaSettings kafka;
  private final Topic<String, AgentEvent> topic;
  private final Clock clock;

  public AgentsLog(KafkaSettings kafka, Clock clock) {
    this.kafka = kafka;
    this.topic = kafka.topics().agents();
    this.clock = clock;
  }

  /** Every agent, revoked ones too. */
  public Agents current() {
    return Agents.empty().after(CompactedTopic.readAll(kafka, topic, "statuslog-agents-reader", TIMEOUT));
  }

  /**
   * Adds an agent, or gives a revoked one a new token.
   *
   * @throws IllegalArgumentException for a name or region that is not valid
   * @throws IllegalStateException for a name in use
   */
  public Added add(String name, String region) {
    // A name or region that could never be added is refused before Kafka is asked anything.
    Agent.nameProblem(name).or(() -> Agent.regionProblem(region)).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    SecretToken token = SecretToken.generate();
    Agent agent = current().add(name, region, token, clock.instant());
    write(agent);
    return new Added(agent, token);
  }

  /**
   * Revokes an agent: every ingest refuses its token from now on.
   *
   * @throws IllegalStateException for an unknown or already revoked name
   */
  public Agent revoke(String name) {
    Agent revoked = current().revoke(name, clock.instant());
    write(revoked);
    return revoked;
  }

  private void write(Agent agent) {
    Properties props = kafka.producerProperties("statuslog-agents-admin");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), agent.name(), agent.toEvent())).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException("Kafka did not take the change to agent " + agent.name() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException("Kafka did not confirm the change to agent " + agent.name() + " within " + TIMEOUT.toSeconds() + " s; run agents list to see whether it was made", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }
}

package io.statuslog.schemas.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the installation's topics with their retention when they do not exist yet. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

  private TopicAdmin() {}

  /**
   * Creates the missing topics. A broker that does not answer within
   * {@link KafkaUnreachableException#TIMEOUT} is reported as such, not as a failure to create
   * topics half a minute later.
   */
  public static void ensureTopics(KafkaSettings kafka) {
    var props = kafka.clientProperties("statuslog-topic-admin");
    props.putIfAbsent("default.api.timeout.ms", 30_000);
    props.putIfAbsent("request.timeout.ms", (int) KafkaUnreachableException.TIMEOUT.toMillis());
    Admin admin = Admin.create(props);
    try {
      try {
        admin.describeCluster().clusterId().get(KafkaUnreachableException.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
          throw new KafkaUnreachableException(kafka, e.getCause());
        }
        throw e;
      } catch (TimeoutException e) {
        throw new KafkaUnreachableException(kafka, e);
      }
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          kafka.topics().all().stream()
              .filter(topic -> !existing.contains(topic.name()))
              .map(
                  topic ->
                      new NewTopic(topic.name(), kafka.partitions(), kafka.replicationFactor())
                          .configs(topic.configs()))
              .toList();
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
          LOG.info("created topic={} partitions={} configs={}", topic.name(), topic.numPartitions(), topic.configs());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics on " + kafka.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + kafka.bootstrapServers() + ": no answer within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } finally {
      // close() waits for the client's I/O thread without a bound when the broker is gone.
      admin.close(CLOSE_TIMEOUT);
    }
  }
}

package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.Topics;
import java.time.Instant;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class TopicsTest {
  private final Topics topics = new Topics("t");

  @Test
  void agentsAreStateOnACompactedTopicThatTopicAdminCreatesAndDoctorChecks() {
    Topic<String, AgentEvent> agents = topics.agents();

    assertThat(agents.name()).isEqualTo("t.agents");
    assertThat(agents.configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    assertThat(topics.all()).contains(agents);
    assertThat(topics.projected()).as("the read model holds no agents").doesNotContain(agents);
  }

  @Test
  void anAgentEventRoundTrips() {
    AgentEvent event = AgentEvent.newBuilder()
        .setName("eu-1")
        .setRegion("eu")
        .setTokenHash("ab".repeat(32))
        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .build();

    byte[] bytes = topics.agents().valueSerde().serializer().serialize("t.agents", event);

    assertThat(topics.agents().valueSerde().deserializer().deserialize("t.agents", bytes)).isEqualTo(event);
    assertThat(event.getRevoked()).isFalse();
    assertThat(event.getRevokedAt()).isNull();
  }
}

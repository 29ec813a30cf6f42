package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.secret.SecretToken;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentsTest {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  private final SecretToken eu = SecretToken.of("token-of-eu-1-agent");
  private final SecretToken us = SecretToken.of("token-of-us-1-agent");

  @Test
  void aTokenIsFoundByItsHashAndNothingElseMatches() {
    Agents agents = fold(Agents.empty().add("eu-1", "eu", eu, T0), Agents.empty().add("us-1", "us", us, T0));

    assertThat(agents.authenticate(eu.reveal())).isEqualTo(new Agents.Known(agents.named("eu-1").orElseThrow()));
    assertThat(agents.authenticate(us.reveal())).isInstanceOfSatisfying(Agents.Known.class, known -> assertThat(known.agent().region()).isEqualTo("us"));
    assertThat(agents.authenticate("token-of-eu-1-agenT")).isInstanceOf(Agents.Unknown.class);
    assertThat(agents.authenticate(eu.hash())).as("the hash is not the token").isInstanceOf(Agents.Unknown.class);
  }

  @Test
  void aRevokedAgentsTokenIsRefusedAndANewTokenForTheNameReplacesTheOld() {
    Agent added = Agents.empty().add("eu-1", "eu", eu, T0);
    Agents agents = fold(added);
    Agent revoked = agents.revoke("eu-1", T0.plusSeconds(60));
    agents = agents.after(List.of(entry(revoked)));

    assertThat(agents.authenticate(eu.reveal())).isInstanceOfSatisfying(Agents.Revoked.class,
        r -> assertThat(r.agent().revokedAt()).contains(T0.plusSeconds(60)));

    SecretToken fresh = SecretToken.of("a-new-token-for-eu-1");
    agents = agents.after(List.of(entry(agents.add("eu-1", "eu", fresh, T0.plusSeconds(120)))));

    assertThat(agents.authenticate(fresh.reveal())).isInstanceOf(Agents.Known.class);
    assertThat(agents.authenticate(eu.reveal())).as("the old token belongs to no one now").isInstanceOf(Agents.Unknown.class);
  }

  @Test
  void addRefusesANameInUseAndRevokeAnUnknownOrRevokedOne() {
    Agents agents = fold(Agents.empty().add("eu-1", "eu", eu, T0));

    assertThatThrownBy(() -> agents.add("eu-1", "eu", us, T0)).hasMessageStartingWith("agent eu-1 already exists (region eu");
    assertThatThrownBy(() -> agents.revoke("us-1", T0)).hasMessage("no agent named us-1; known: eu-1");
    Agents revoked = agents.after(List.of(entry(agents.revoke("eu-1", T0))));
    assertThatThrownBy(() -> revoked.revoke("eu-1", T0)).hasMessageStartingWith("agent eu-1 was already revoked");
  }

  @Test
  void namesAndRegionsAreCheckedAndPushIsNoAgentsRegion() {
    assertThatThrownBy(() -> Agents.empty().add("eu 1", "eu", eu, T0)).hasMessageStartingWith("agent name must be");
    assertThatThrownBy(() -> Agents.empty().add("eu-1", "", eu, T0)).hasMessageStartingWith("region must be");
    assertThatThrownBy(() -> Agents.empty().add("eu-1", "push", eu, T0)).hasMessageContaining("push heartbeats");
  }

  @Test
  void theEventRoundTripsAndATombstoneRemovesTheAgent() {
    Agent added = Agents.empty().add("eu-1", "eu", eu, T0);
    assertThat(Agent.of(added.toEvent())).isEqualTo(added);

    Agents agents = fold(added).after(List.of(new SimpleEntry<>("eu-1", (AgentEvent) null)));
    assertThat(agents.all()).isEmpty();
  }

  private static Agents fold(Agent... agents) {
    return Agents.empty().after(java.util.Arrays.stream(agents).map(AgentsTest::entry).toList());
  }

  private static Map.Entry<String, AgentEvent> entry(Agent agent) {
    return new SimpleEntry<>(agent.name(), agent.toEvent());
  }
}

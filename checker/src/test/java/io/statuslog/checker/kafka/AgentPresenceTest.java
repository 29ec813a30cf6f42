package io.statuslog.checker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.kafka.AgentPresence.Member;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentPresenceTest {
  @Test
  void anEmptyGroupOrOurOwnEarlierSelfIsNoConflict() {
    assertThat(AgentPresence.conflicting(List.of(), "aaaa")).isEmpty();
    assertThat(AgentPresence.conflicting(List.of(new Member(Optional.of("aaaa"), "c", "/10.0.0.1")), "aaaa")).isEmpty();
  }

  @Test
  void aMemberFromAnotherSpoolIsAnotherInstallation() {
    Member other = new Member(Optional.of("bbbb"), "c", "/10.0.0.2");

    assertThat(AgentPresence.conflicting(List.of(new Member(Optional.of("aaaa"), "c", "/10.0.0.1"), other), "aaaa")).contains(other);
    assertThat(AgentPresence.conflicting(List.of(new Member(Optional.empty(), "c", "/10.0.0.3")), "aaaa")).isPresent();
  }

  @Test
  void ofTwoThatStartedTogetherExactlyOneGivesWay() {
    Member a = new Member(Optional.of("aaaa"), "c", "/10.0.0.1");
    Member b = new Member(Optional.of("bbbb"), "c", "/10.0.0.2");

    assertThat(AgentPresence.givesWay("aaaa", b)).isFalse();
    assertThat(AgentPresence.givesWay("bbbb", a)).isTrue();
  }
}

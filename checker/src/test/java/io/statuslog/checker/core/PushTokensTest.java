package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.secret.SecretToken;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushTokensTest {
  private final Deque<SecretToken> tokens = new ArrayDeque<>(List.of(SecretToken.of("issued-token-number-one"), SecretToken.of("issued-token-number-two")));

  @Test
  void aNewPushCheckWithoutATokenGetsOneIssuedAndOnlyItsHashIsApplied() {
    PushTokens.Resolved resolved = PushTokens.resolve(Map.of(), List.of(push("backup", Optional.empty())), tokens::pop);

    assertThat(resolved.issued()).containsOnlyKeys("backup");
    assertThat(resolved.issued().get("backup").reveal()).isEqualTo("issued-token-number-one");
    assertThat(hash(resolved.checks().getFirst())).contains(SecretToken.hash("issued-token-number-one"));
  }

  @Test
  void aReApplyWithoutATokenKeepsTheHashTheLogHolds() {
    CheckDefinition applied = push("backup", Optional.of(SecretToken.hash("issued-token-number-one"))).toDefinition();

    PushTokens.Resolved resolved = PushTokens.resolve(Map.of("backup", applied), List.of(push("backup", Optional.empty())), tokens::pop);

    assertThat(resolved.issued()).isEmpty();
    assertThat(resolved.checks().getFirst().toDefinition()).isEqualTo(applied);
  }

  @Test
  void aTokenInTheFileWinsAndACheckThatWasNotPushBeforeGetsANewToken() {
    CheckDefinition wasHttp = new CheckSpec("job", "job", Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(10), true, List.of(),
        new Target.Http(URI.create("http://x/"), "GET", Map.of(), Optional.empty(), true, 10, true, false, 200, Optional.empty()), List.of(), List.of())
        .toDefinition();
    CheckDefinition oldPush = push("backup", Optional.of(SecretToken.hash("issued-token-number-one"))).toDefinition();

    PushTokens.Resolved resolved = PushTokens.resolve(Map.of("job", wasHttp, "backup", oldPush),
        List.of(push("job", Optional.empty()), push("backup", Optional.of(SecretToken.hash("rotated-by-the-file-123")))), tokens::pop);

    assertThat(resolved.issued()).containsOnlyKeys("job");
    assertThat(hash(resolved.checks().get(1))).contains(SecretToken.hash("rotated-by-the-file-123"));
  }

  private static CheckSpec push(String id, Optional<String> hash) {
    return new CheckSpec(id, id, Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(10), true, List.of(),
        new Target.Push(Target.Push.urlOf(id), Duration.ofMinutes(1), hash), List.of(), List.of());
  }

  private static Optional<String> hash(CheckSpec check) {
    return ((Target.Push) check.target()).tokenHash();
  }
}

package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.secret.SecretToken;
import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionsTest {
  @Test
  void anAgentGetsTheChecksOfItsRegionAndOfNoRegionButNoPushCheck() {
    Definitions definitions = Definitions.empty().after(List.of(
        change(http("everywhere", List.of())), change(http("eu-only", List.of("eu"))), change(http("us-only", List.of("us"))),
        change(push("backup", "backup-token-0123456789"))));

    assertThat(definitions.probedFrom("eu")).extracting(CheckDefinition::getCheckId).containsExactly("eu-only", "everywhere");
    assertThat(definitions.probedFrom("ap")).extracting(CheckDefinition::getCheckId).containsExactly("everywhere");
    assertThat(definitions.version()).isEqualTo(1);
  }

  @Test
  void aPushTokenFindsItsCheckUntilTheCheckIsRemovedOrGetsAnotherToken() {
    Definitions definitions = Definitions.empty().after(List.of(change(push("backup", "backup-token-0123456789")), change(push("cron", "cron-token-0123456789"))));

    assertThat(definitions.pushCheckOf("backup-token-0123456789")).contains("backup");
    assertThat(definitions.pushCheckOf("cron-token-0123456789")).contains("cron");
    assertThat(definitions.pushCheckOf(SecretToken.hash("backup-token-0123456789"))).isEmpty();

    Definitions rotated = definitions.after(List.of(change(push("backup", "rotated-token-0123456789")), new SimpleEntry<>("cron", null)));
    assertThat(rotated.pushCheckOf("backup-token-0123456789")).isEmpty();
    assertThat(rotated.pushCheckOf("rotated-token-0123456789")).contains("backup");
    assertThat(rotated.pushCheckOf("cron-token-0123456789")).isEmpty();
  }

  private static Map.Entry<String, CheckDefinition> change(CheckDefinition definition) {
    return new SimpleEntry<>(definition.getCheckId(), definition);
  }

  private static CheckDefinition http(String id, List<String> regions) {
    return CheckDefinition.newBuilder().setCheckId(id).setName(id).setUrl("https://x/").setIntervalMs(30_000).setTimeoutMs(5_000)
        .setRegions(regions).build();
  }

  private static CheckDefinition push(String id, String token) {
    return CheckDefinition.newBuilder().setCheckId(id).setName(id).setUrl("push:" + id).setIntervalMs(60_000).setTimeoutMs(10_000)
        .setType(CheckType.PUSH).setGraceMs(60_000L).setPushTokenHash(SecretToken.hash(token)).build();
  }
}

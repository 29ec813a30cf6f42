package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckDefinition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefinitionDiffTest {
  private static CheckSpec http(String id, String name, String url) {
    return new CheckSpec(id, name, Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), true, List.of(),
        new Target.Http(URI.create(url), "GET", Map.of(), Optional.empty(), true, 10, true, false, 200, Optional.empty()), List.of(), List.of());
  }

  @Test
  void addedChangedAndRemovedChecksAreToldApartByIdWithTheFieldsThatChange() {
    Map<String, CheckDefinition> current = Map.of(
        "api", http("api", "API", "https://x/health").toDefinition(),
        "web", http("web", "Web", "https://x/").toDefinition(),
        "old", http("old", "Old", "https://x/old").toDefinition());

    DefinitionDiff diff = DefinitionDiff.between(current, List.of(
        http("api", "API", "https://x/health"),
        http("web", "Website", "https://y/"),
        http("new", "New", "https://x/new")));

    assertThat(diff.lines()).containsExactly("+ new (http https://x/new)", "~ web: name, url", "- old");
    assertThat(diff.summary()).isEqualTo("1 added, 1 changed, 1 removed");
  }

  @Test
  void aRenameIsAChangeOfTheSameCheckSoItsHistoryStays() {
    DefinitionDiff diff = DefinitionDiff.between(Map.of("api", http("api", "API", "https://x/").toDefinition()), List.of(http("api", "Public API", "https://x/")));

    assertThat(diff.added()).isEmpty();
    assertThat(diff.removed()).isEmpty();
    assertThat(diff.changed()).singleElement().satisfies(change -> assertThat(change.fields()).containsExactly("name"));
  }

  @Test
  void theChangedFieldsAreNamedAsTheChecksFileNamesThem() {
    CheckSpec before = new CheckSpec("db", "DB", Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(5), true, List.of(),
        new Target.Tcp("db", 5432, Optional.empty(), Optional.empty()), List.of(), List.of());
    CheckSpec after = new CheckSpec("db", "DB", Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(2), true, List.of(),
        new Target.Tcp("db", 6432, Optional.empty(), Optional.empty()), List.of(), List.of());

    DefinitionDiff diff = DefinitionDiff.between(Map.of("db", before.toDefinition()), List.of(after));

    assertThat(diff.lines()).containsExactly("~ db: host/port, interval, timeout");
  }

  @Test
  void theSameChecksChangeNothing() {
    assertThat(DefinitionDiff.between(Map.of("api", http("api", "API", "https://x/").toDefinition()), List.of(http("api", "API", "https://x/"))).isEmpty()).isTrue();
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probe to page over the real services: a checker probes a target, the projector writes the
 * read model, the web tier serves it. When the target starts answering 500, the page says so.
 */
@ExtendWith(RealServicesExtension.class)
class EndToEndIT {
  @Test
  void aTargetThatStartsFailingIsShownDown(RealServices services, @TempDir Path dir) throws Exception {
    // Given a target answering 200, and every role running against the real broker and database
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.check("api").path("status").asText()).isEqualTo("UP"));
      JsonNode up = platform.check("api");
      assertThat(up.path("name").asText()).isEqualTo("Public API");
      assertThat(up.path("uptime24h").asDouble()).isEqualTo(100.0);

      // When the target starts failing
      platform.setTargetStatus(500);

      // Then the summary and the page show it down
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.check("api").path("status").asText()).isEqualTo("DOWN"));
      JsonNode summary = platform.json("/api/v1/summary");
      assertThat(summary.path("stale").asBoolean()).isFalse();
      assertThat(summary.path("overall").asText()).isEqualTo("Major outage");
      assertThat(platform.check("api").path("uptime24h").asDouble()).isLessThan(100.0);
      assertThat(platform.get("/").body()).contains("Major outage").contains("Public API").contains("class=\"state DOWN\">Down<");

      // And both say which condition failed, with the value it saw
      assertThat(platform.check("api").path("reason").asText()).isEqualTo("[STATUS] (500) == 200");
      assertThat(platform.get("/").body()).contains("<p class=\"reason\">[STATUS] (500) == 200</p>");
    }
  }

  @Test
  void aRenamedCheckKeepsItsHistoryAndARemovedOneLeavesThePage(RealServices services, @TempDir Path dir) throws Exception {
    // Given a check with history on the page
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      platform.startPipeline().startWeb();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> upToday(platform) >= 3);

      // When it is renamed (same id) and applied
      platform.applyChecks("checks:\n  - {id: api, name: Renamed API, component: Core, url: \"%s\", interval: 1s, timeout: 900ms}\n");

      // Then the page shows the new name with the history it had
      await().atMost(Duration.ofSeconds(60)).until(() -> platform.check("api").path("name").asText().equals("Renamed API"));
      assertThat(upToday(platform)).isGreaterThanOrEqualTo(3);

      // When it is removed from the file, the page no longer lists it
      platform.applyChecks("checks:\n  - {id: other, url: \"%s\", interval: 1s, timeout: 900ms}\n");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(platform.json("/api/v1/summary").path("checks")).extracting(c -> c.path("id").asText()).containsExactly("other"));
    }
  }

  private static long upToday(TestPlatform platform) throws Exception {
    return platform.json("/api/v1/checks/api/uptime?days=1").path("daily").path(0).path("up").asLong();
  }
}

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
    }
  }
}

package io.statuslog.projector.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.events.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorableTest {
  private static final long NOW = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();

  private static Observation result(String checkId, long startedAtMs, long durationMs, String errorMessage) {
    return new Observation(checkId, "eu", startedAtMs, durationMs, Outcome.DOWN, 503, null, errorMessage);
  }

  @Test
  void anOrdinaryResultIsStorable() {
    assertThat(Storable.problem(result("api", NOW, 120, "expected HTTP 200, got 503"))).isEmpty();
  }

  @Test
  void aNulAnywhereInATextIsNot() {
    assertThat(Storable.problem(result("api", NOW, 120, "broken\u0000reply"))).contains("errorMessage contains a NUL character at position 6");
    assertThat(Storable.problem(result("a\u0000pi", NOW, 120, null))).contains("checkId contains a NUL character at position 1");
  }

  @Test
  void aKeyLongerThanAnIndexTakesIsNot() {
    assertThat(Storable.problem(result("x".repeat(256), NOW, 1, null))).contains("checkId is 256 characters long, more than 255");
    assertThat(Storable.problem(result("x".repeat(255), NOW, 1, null))).isEmpty();
    assertThat(Storable.problem(result("", NOW, 1, null))).contains("checkId is empty");
  }

  @Test
  void aTimePostgresqlCannotReadBackIsNot() {
    assertThat(Storable.problem(result("api", Long.MAX_VALUE / 2, 1, null))).hasValueSatisfying(p -> assertThat(p).startsWith("startedAt is outside the years 1 to 9999"));
    assertThat(Storable.problem(result("api", NOW, -5, null))).contains("durationMs is negative (-5)");
  }

  @Test
  void incidentsAndDefinitionsAreCheckedFieldByField() {
    IncidentEvent event = IncidentEvent.newBuilder().setEventId("e1").setIncidentId("inc-1").setType(IncidentEventType.OPENED)
        .setAt(Instant.ofEpochMilli(NOW)).setTitle("Slow").setText("fine").setAffectedComponents(List.of("API", "D\u0000B")).build();
    assertThat(Storable.problem(event)).contains("affectedComponents contains a NUL character at position 1");
    event.setAffectedComponents(List.of("API"));
    assertThat(Storable.problem(event)).isEmpty();
    event.setText("text with a \u0000");
    assertThat(Storable.problem(event)).contains("text contains a NUL character at position 12");

    CheckDefinition definition = CheckDefinition.newBuilder().setCheckId("api").setName("API\u0000").setUrl("http://x/").setIntervalMs(1).setTimeoutMs(1).build();
    assertThat(Storable.problem("api", definition)).contains("name contains a NUL character at position 3");
    assertThat(Storable.problem("api", null)).as("a tombstone").isEmpty();
  }
}

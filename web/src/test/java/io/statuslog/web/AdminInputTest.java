package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.web.core.AdminInput;
import io.statuslog.web.core.AdminWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rules on admin input that need no state, and what makes two requests "the same" for a key. */
class AdminInputTest {

  @Test
  void aTitleRefusesEveryControlCharacter() {
    assertThat(AdminInput.controlCharacter("title", "API errors", false)).isEmpty();
    assertThat(AdminInput.controlCharacter("title", "API\terrors", false)).contains("title: control character U+0009 at position 3 is not allowed");
    assertThat(AdminInput.controlCharacter("title", "x\u007F", false)).contains("title: control character U+007F at position 1 is not allowed");
    assertThat(AdminInput.controlCharacter("title", "x\u0085", false)).contains("title: control character U+0085 at position 1 is not allowed");
  }

  @Test
  void textAllowsLineBreaksAndTabsButNoOtherControlCharacter() {
    assertThat(AdminInput.controlCharacter("text", "one\r\ntwo\n\tthree", true)).isEmpty();
    assertThat(AdminInput.controlCharacter("text", "Investigating\u0000", true)).contains("text: control character U+0000 at position 13 is not allowed");
    assertThat(AdminInput.controlCharacter("text", "\u000Bx", true)).contains("text: control character U+000B at position 0 is not allowed");
  }

  @Test
  void printableCharactersBeyondAsciiAreFine() {
    assertThat(AdminInput.controlCharacter("title", "Panne de l'API — 🚧 en cours", false)).isEmpty();
  }

  @Test
  void positionsCountUtf16UnitsFromZero() {
    // The emoji takes two units, as in JavaScript's "🚧\u0000".indexOf("\u0000") === 2.
    assertThat(AdminInput.controlCharacter("text", "🚧\u0000", true)).contains("text: control character U+0000 at position 2 is not allowed");
  }

  @Test
  void anIdempotencyKeyIsOneTo255PrintableAsciiCharacters() {
    assertThat(AdminInput.idempotencyKey("a")).isEmpty();
    assertThat(AdminInput.idempotencyKey("550e8400-e29b-41d4-a716-446655440000 retry #2")).isEmpty();
    assertThat(AdminInput.idempotencyKey("~".repeat(255))).isEmpty();
    assertThat(AdminInput.idempotencyKey("")).contains("Idempotency-Key: must be 1-255 printable ASCII characters, got 0");
    assertThat(AdminInput.idempotencyKey("k".repeat(256))).contains("Idempotency-Key: must be 1-255 printable ASCII characters, got 256");
    assertThat(AdminInput.idempotencyKey("ab\u0000")).contains("Idempotency-Key: character U+0000 at position 2 is not printable ASCII");
    // As HTTP hands it over: each byte of the UTF-8 "é" a char of its own
    assertThat(AdminInput.idempotencyKey("cl\u00C3\u00A9")).contains("Idempotency-Key: byte 0xC3 at position 2 is not printable ASCII (a letter such as é is more than one byte)");
  }

  @Test
  void aFingerprintIgnoresWhatIsMintedPerAttemptAndNothingElse() {
    AdminWrite first = open("inc-1", "event-1", "API errors", List.of("Core"));
    AdminWrite retry = open("inc-2", "event-2", "API errors", List.of("Core"));

    assertThat(retry.fingerprint()).isEqualTo(first.fingerprint()).hasSize(64);
    assertThat(open("inc-1", "event-1", "API errors!", List.of("Core")).fingerprint()).isNotEqualTo(first.fingerprint());
    assertThat(open("inc-1", "event-1", "API errors", List.of()).fingerprint()).isNotEqualTo(first.fingerprint());
    // Length prefixes keep a value from passing for two.
    assertThat(open("inc-1", "event-1", "a", List.of("b", "c")).fingerprint()).isNotEqualTo(open("inc-1", "event-1", "a", List.of("b\ncomponentc")).fingerprint());
  }

  @Test
  void aFingerprintOfAnUpdateOrResolveNamesItsIncident() {
    assertThat(resolve("inc-1").fingerprint()).isNotEqualTo(resolve("inc-2").fingerprint());
    assertThat(resolve("inc-1").fingerprint()).isEqualTo(resolve("inc-1").fingerprint());
  }

  private static AdminWrite open(String id, String eventId, String title, List<String> components) {
    return new AdminWrite(IncidentEvent.newBuilder().setEventId(eventId).setIncidentId(id).setType(IncidentEventType.OPENED).setAt(Instant.now())
        .setTitle(title).setAffectedComponents(components).setText("Investigating").build(), Optional.of("k"));
  }

  private static AdminWrite resolve(String id) {
    return new AdminWrite(IncidentEvent.newBuilder().setEventId(java.util.UUID.randomUUID().toString()).setIncidentId(id).setType(IncidentEventType.RESOLVED)
        .setAt(Instant.now()).setText("Resolved").build(), Optional.of("k"));
  }
}

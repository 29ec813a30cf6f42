package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.events.Severity;
import io.statuslog.web.api.Responses.Written;
import io.statuslog.web.core.AdminAnswer;
import io.statuslog.web.core.AdminAnswer.Accepted;
import io.statuslog.web.core.AdminAnswer.Refusal;
import io.statuslog.web.core.AdminAnswer.Refused;
import io.statuslog.web.core.AdminLedger;
import io.statuslog.web.core.AdminWrite;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admin API's decisions, folded from events with no Kafka: what each state allows, and what a key answers. */
class AdminLedgerTest {
  private final AdminLedger ledger = new AdminLedger();
  private final AtomicLong offsets = new AtomicLong();

  @Test
  void anOpenIncidentMayBeUpdatedAndResolved() {
    ledger.checkDefined("api", "Core");
    logged(open("inc-1", List.of("Core"), Optional.empty()));

    assertThat(ledger.refusalOrReplay(update("inc-1", Optional.empty()))).isEmpty();
    assertThat(ledger.refusalOrReplay(resolve("inc-1", Optional.empty()))).isEmpty();
  }

  @Test
  void aResolvedIncidentRefusesUpdatesAndResolvesWith409() {
    logged(open("inc-1", List.of(), Optional.empty()));
    logged(resolve("inc-1", Optional.empty()));

    assertThat(refusal(resolve("inc-1", Optional.empty()))).isEqualTo(Refusal.ALREADY_RESOLVED);
    assertThat(refusal(update("inc-1", Optional.empty()))).isEqualTo(Refusal.ALREADY_RESOLVED);
  }

  @Test
  void anIncidentTheLogNeverSawIsUnknown() {
    assertThat(refusal(update("inc-nope", Optional.empty()))).isEqualTo(Refusal.UNKNOWN_INCIDENT);
    assertThat(refusal(resolve("inc-nope", Optional.empty()))).isEqualTo(Refusal.UNKNOWN_INCIDENT);
  }

  @Test
  void resolvedStaysResolvedWhateverArrivesAfterIt() {
    // Another replica's update (or a second resolve) lands after this replica's resolve.
    logged(open("inc-1", List.of(), Optional.empty()));
    logged(resolve("inc-1", Optional.empty()));
    logged(update("inc-1", Optional.empty()));
    logged(open("inc-1", List.of(), Optional.empty()));

    assertThat(refusal(update("inc-1", Optional.empty()))).isEqualTo(Refusal.ALREADY_RESOLVED);
  }

  @Test
  void anIncidentSeenOnlyThroughAnUpdateIsOpen() {
    // Events from automatic detection may start with an update; the projector shows it open.
    logged(update("inc-auto", Optional.empty()));

    assertThat(ledger.refusalOrReplay(resolve("inc-auto", Optional.empty()))).isEmpty();
  }

  @Test
  void openingAnIdThatExistsIsRefused() {
    logged(open("inc-1", List.of(), Optional.empty()));

    assertThat(refusal(open("inc-1", List.of(), Optional.empty()))).isEqualTo(Refusal.INCIDENT_EXISTS);
  }

  @Test
  void affectedComponentsMustBeNamedByACurrentCheckDefinition() {
    ledger.checkDefined("api", "Core");
    ledger.checkDefined("db", "Database");
    ledger.checkDefined("old", "Legacy");
    ledger.checkRemoved("old");
    ledger.checkDefined("db", "Storage");
    ledger.checkDefined("misc", null);

    assertThat(ledger.knownComponents()).containsExactly("Core", "Storage");
    assertThat(ledger.refusalOrReplay(open("inc-1", List.of("Core", "Storage"), Optional.empty()))).isEmpty();
    Optional<AdminAnswer> legacy = ledger.refusalOrReplay(open("inc-2", List.of("Core", "Legacy"), Optional.empty()));
    assertThat(legacy).containsInstanceOf(Refused.class);
    assertThat(((Refused) legacy.orElseThrow()).detail()).isEqualTo("affectedComponents: 'Legacy' is not a known component; known: Core, Storage");
    assertThat(refusal(open("inc-3", List.of("Database"), Optional.empty()))).isEqualTo(Refusal.UNKNOWN_COMPONENT);
  }

  @Test
  void theSameKeyAndRequestIsAnsweredAsTheFirstTimeWithoutWriting() {
    logged(open("inc-1", List.of(), Optional.empty()));
    Written first = logged(resolve("inc-1", Optional.of("key-1")));

    // A retry mints a new event id and time; the key and the request are the same.
    Optional<AdminAnswer> retry = ledger.answeredByKey(resolve("inc-1", Optional.of("key-1")));

    assertThat(retry).contains(new Accepted(first, true));
    assertThat(ledger.refusalOrReplay(resolve("inc-1", Optional.of("key-1")))).as("a replay, not 409").contains(new Accepted(first, true));
  }

  @Test
  void theSameKeyWithAnotherRequestIsRefused() {
    logged(open("inc-1", List.of(), Optional.empty()));
    logged(open("inc-2", List.of(), Optional.empty()));
    logged(update("inc-1", Optional.of("key-1")));

    assertThat(ledger.answeredByKey(resolve("inc-1", Optional.of("key-1")))).map(AdminLedgerTest::refusalOf).contains(Refusal.KEY_REUSED);
    assertThat(ledger.answeredByKey(update("inc-2", Optional.of("key-1")))).map(AdminLedgerTest::refusalOf).contains(Refusal.KEY_REUSED);
  }

  @Test
  void theSameOpenRequestMatchesItsKeyThoughEachAttemptMintsANewIncidentId() {
    ledger.checkDefined("api", "Core");
    Written first = logged(open("inc-1", List.of("Core"), Optional.of("key-1")));

    assertThat(ledger.answeredByKey(open("inc-2", List.of("Core"), Optional.of("key-1")))).contains(new Accepted(first, true));
    assertThat(ledger.answeredByKey(open("inc-3", List.of(), Optional.of("key-1")))).map(AdminLedgerTest::refusalOf).contains(Refusal.KEY_REUSED);
  }

  @Test
  void theFirstAnswerToAKeyStandsWhenItIsReadAgainOrWrittenTwice() {
    logged(open("inc-1", List.of(), Optional.empty()));
    AdminWrite resolve = resolve("inc-1", Optional.of("key-1"));
    Written first = new Written("inc-1", resolve.event().getEventId(), "incidents", 0, 7);
    ledger.incidentLogged(resolve.loggedAt(first));
    // Read back from the log after being applied, then a second replica's write with the same key.
    ledger.incidentLogged(resolve.loggedAt(first));
    ledger.incidentLogged(resolve.loggedAt(new Written("inc-1", "other-event", "incidents", 0, 8)));

    assertThat(ledger.answeredByKey(resolve("inc-1", Optional.of("key-1")))).contains(new Accepted(first, true));
  }

  @Test
  void aRequestWithoutAKeyIsNeverAReplay() {
    logged(open("inc-1", List.of(), Optional.empty()));
    logged(update("inc-1", Optional.empty()));

    assertThat(ledger.answeredByKey(update("inc-1", Optional.empty()))).isEmpty();
    assertThat(ledger.refusalOrReplay(update("inc-1", Optional.empty()))).isEmpty();
  }

  private Written logged(AdminWrite write) {
    Written written = new Written(write.event().getIncidentId(), write.event().getEventId(), "incidents", 0, offsets.getAndIncrement());
    ledger.incidentLogged(write.loggedAt(written));
    return written;
  }

  private Refusal refusal(AdminWrite write) {
    return ledger.refusalOrReplay(write).map(AdminLedgerTest::refusalOf).orElseThrow();
  }

  private static Refusal refusalOf(AdminAnswer answer) {
    return ((Refused) answer).refusal();
  }

  static AdminWrite open(String id, List<String> components, Optional<String> key) {
    return write(event(id, IncidentEventType.OPENED).setSeverity(Severity.MAJOR).setTitle("API errors").setAffectedComponents(components).setText("Investigating"), key);
  }

  static AdminWrite update(String id, Optional<String> key) {
    return write(event(id, IncidentEventType.UPDATED).setText("Fix deployed"), key);
  }

  static AdminWrite resolve(String id, Optional<String> key) {
    return write(event(id, IncidentEventType.RESOLVED).setText("Resolved"), key);
  }

  private static IncidentEvent.Builder event(String id, IncidentEventType type) {
    return IncidentEvent.newBuilder().setIncidentId(id).setType(type);
  }

  private static AdminWrite write(IncidentEvent.Builder event, Optional<String> key) {
    return new AdminWrite(event.setEventId(java.util.UUID.randomUUID().toString()).setAt(Instant.now()).build(), key);
  }
}

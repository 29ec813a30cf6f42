package io.statuslog.web.core;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.web.api.Responses.Written;
import io.statuslog.web.core.AdminAnswer.Accepted;
import io.statuslog.web.core.AdminAnswer.Refusal;
import io.statuslog.web.core.AdminAnswer.Refused;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the admin API decides against: whether each incident in the log is open or resolved, the
 * request each Idempotency-Key answered, and the components the current check definitions name.
 *
 * <p>It is fed every record of the incidents and check-definitions topics in log order, and each
 * event the admin API writes as soon as Kafka acknowledged it. Feeding an event twice changes
 * nothing, so a write applied here and then read back from the log counts once.
 *
 * <p>Folded in place rather than copied per event, so reading years of incidents stays linear;
 * not thread-safe, the caller serializes access.
 */
public final class AdminLedger {
  private enum IncidentState { OPEN, RESOLVED }

  private record Answered(String fingerprint, Written written) {}

  private final Map<String, IncidentState> incidents = new HashMap<>();
  private final Map<String, Answered> answersByKey = new HashMap<>();
  private final Map<String, String> componentByCheck = new HashMap<>();

  public void incidentLogged(LoggedIncidentEvent event) {
    String incidentId = event.written().incidentId();
    // Resolved is final whatever arrives after it, as in the projector's upsert: an update or a
    // second resolve from another replica never reopens an incident.
    if (event.type() == IncidentEventType.RESOLVED) {
      incidents.put(incidentId, IncidentState.RESOLVED);
    } else {
      incidents.putIfAbsent(incidentId, IncidentState.OPEN);
    }
    // The first answer to a key stands for good, so repeating it never needs Kafka.
    event.request().ifPresent(request -> answersByKey.putIfAbsent(request.idempotencyKey(), new Answered(request.fingerprint(), event.written())));
  }

  public void checkDefined(String checkId, String component) {
    if (component == null || component.isBlank()) {
      componentByCheck.remove(checkId);
    } else {
      componentByCheck.put(checkId, component);
    }
  }

  public void checkRemoved(String checkId) {
    componentByCheck.remove(checkId);
  }

  public SortedSet<String> knownComponents() {
    return new TreeSet<>(componentByCheck.values());
  }

  /** The answer the request's Idempotency-Key alone gives, if it was used before: the same answer again, or a conflict. */
  public Optional<AdminAnswer> answeredByKey(AdminWrite write) {
    Answered answered = write.idempotencyKey().map(answersByKey::get).orElse(null);
    if (answered == null) {
      return Optional.empty();
    }
    if (answered.fingerprint().equals(write.fingerprint())) {
      return Optional.of(new Accepted(answered.written(), true));
    }
    return refused(Refusal.KEY_REUSED, "Idempotency-Key: '" + write.idempotencyKey().orElseThrow() + "' was already used for a different request"
        + " (incident '" + answered.written().incidentId() + "'); send a new key with a new request");
  }

  /** Why the write must not happen, or the answer its key already gave; empty when it may be written. */
  public Optional<AdminAnswer> refusalOrReplay(AdminWrite write) {
    Optional<AdminAnswer> byKey = answeredByKey(write);
    if (byKey.isPresent()) {
      return byKey;
    }
    IncidentEvent event = write.event();
    String id = event.getIncidentId();
    IncidentState state = incidents.get(id);
    if (event.getType() == IncidentEventType.OPENED) {
      // Ids are minted at random per request; a retry mints another.
      return state == null ? unknownComponent(event) : refused(Refusal.INCIDENT_EXISTS, "incident '" + id + "' already exists; try again");
    }
    if (state == null) {
      return refused(Refusal.UNKNOWN_INCIDENT, "no incident with id '" + id + "'");
    }
    if (state == IncidentState.RESOLVED) {
      return refused(Refusal.ALREADY_RESOLVED, "incident '" + id + "' is already resolved");
    }
    return Optional.empty();
  }

  private Optional<AdminAnswer> unknownComponent(IncidentEvent event) {
    SortedSet<String> known = knownComponents();
    return event.getAffectedComponents().stream()
        .filter(component -> !known.contains(component))
        .findFirst()
        .flatMap(component -> refused(Refusal.UNKNOWN_COMPONENT, "affectedComponents: '" + component + "' is not a known component; known: "
            + (known.isEmpty() ? "none (no check definition names a component)" : String.join(", ", known))));
  }

  private static Optional<AdminAnswer> refused(Refusal refusal, String detail) {
    return Optional.of(new Refused(refusal, detail));
  }
}

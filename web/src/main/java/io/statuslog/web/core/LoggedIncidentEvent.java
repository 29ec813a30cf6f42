package io.statuslog.web.core;

import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.web.api.Responses.Written;
import java.util.Optional;

/** An incident event as the log holds it: what it did, where it is, and the keyed request it answered, if any. */
public record LoggedIncidentEvent(IncidentEventType type, Written written, Optional<KeyedRequest> request) {

  /** The Idempotency-Key a request came with, and the fingerprint of that request. */
  public record KeyedRequest(String idempotencyKey, String fingerprint) {}
}

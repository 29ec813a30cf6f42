package io.statuslog.web.core;

import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.web.api.Responses.Written;
import io.statuslog.web.core.LoggedIncidentEvent.KeyedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** A validated admin request: the incident event it writes when allowed, and its Idempotency-Key, if any. */
public record AdminWrite(IncidentEvent event, Optional<String> idempotencyKey) {

  /**
   * Identifies the request a key answered: SHA-256 of the change it asks for, that is the event
   * without what is minted per attempt (event id, time, and an opened incident's id). Two
   * requests with the same fingerprint make the same change, however their JSON was spelled.
   */
  public String fingerprint() {
    StringBuilder canonical = new StringBuilder();
    field(canonical, "type", event.getType().name());
    field(canonical, "incident", event.getType() == IncidentEventType.OPENED ? null : event.getIncidentId());
    field(canonical, "severity", event.getSeverity() == null ? null : event.getSeverity().name());
    field(canonical, "title", event.getTitle());
    field(canonical, "text", event.getText());
    event.getAffectedComponents().forEach(component -> field(canonical, "component", component));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** This request's event as the log holds it once Kafka acknowledged it at {@code written}. */
  public LoggedIncidentEvent loggedAt(Written written) {
    return new LoggedIncidentEvent(event.getType(), written, idempotencyKey.map(key -> new KeyedRequest(key, fingerprint())));
  }

  private static void field(StringBuilder canonical, String name, String value) {
    // Length-prefixed, so no value can pass for another field or for a missing one.
    canonical.append(name).append(value == null ? "-" : value.length() + ":" + value).append('\n');
  }
}

package io.statuslog.web.core;

import io.statuslog.web.api.Responses.Written;

/** What the admin API answers a write. Only {@link Accepted} with {@code replayed = false} wrote anything. */
public sealed interface AdminAnswer {

  /** In the log: written for this request, or earlier for the same Idempotency-Key and request ({@code replayed}). */
  record Accepted(Written written, boolean replayed) implements AdminAnswer {}

  /** Refused against the log as it stands: nothing was written. */
  record Refused(Refusal refusal, String detail) implements AdminAnswer {}

  enum Refusal {
    UNKNOWN_INCIDENT,
    ALREADY_RESOLVED,
    INCIDENT_EXISTS,
    UNKNOWN_COMPONENT,
    KEY_REUSED
  }
}

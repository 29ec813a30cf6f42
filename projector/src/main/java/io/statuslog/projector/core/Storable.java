package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What the read model can hold, checked record by record as the log is decoded: text without a
 * NUL (PostgreSQL's text cannot hold one), keys short enough for an index, times PostgreSQL
 * can read back. A record that breaks a rule is set aside like an undecodable one. Deciding here,
 * for each record, rather than when PostgreSQL refuses a statement, makes the decision the same
 * in every generation: a check's status row, for one, is only written for the newest result of a
 * batch, so whether PostgreSQL ever sees a result's text depends on where batches end. Pure.
 */
public final class Storable {
  /** Keys are indexed; 255 characters stay far below PostgreSQL's index row limit in any encoding. */
  public static final int MAX_KEY = 255;
  private static final long EARLIEST_MS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
  private static final long LATEST_MS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

  private Storable() {}

  /** Why a result cannot be stored, if it cannot. Replays ask this millions of times: the answer "none" allocates nothing. */
  public static Optional<String> problem(Observation result) {
    if (fitsKey(result.checkId()) && fitsKey(result.region()) && fitsTime(result.startedAtMs()) && result.durationMs() >= 0
        && noNul(result.errorMessage())) {
      return Optional.empty();
    }
    return first(
        key("checkId", result.checkId()),
        key("region", result.region()),
        time("startedAt", result.startedAtMs()),
        result.durationMs() < 0 ? Optional.of("durationMs is negative (" + result.durationMs() + ")") : Optional.empty(),
        text("errorMessage", result.errorMessage()));
  }

  /** Why a check definition cannot be stored, if it cannot. */
  public static Optional<String> problem(String checkId, CheckDefinition definition) {
    if (definition == null) {
      return key("checkId", checkId);
    }
    return first(
        key("checkId", checkId),
        text("name", definition.getName()),
        text("component", definition.getComponent()),
        text("url", definition.getUrl()));
  }

  /** Why an incident event cannot be stored, if it cannot. */
  public static Optional<String> problem(IncidentEvent event) {
    Optional<String> components = event.getAffectedComponents().stream().map(c -> text("affectedComponents", c)).flatMap(Optional::stream).findFirst();
    return first(
        key("incidentId", event.getIncidentId()),
        key("eventId", event.getEventId()),
        time("at", event.getAt().toEpochMilli()),
        text("title", event.getTitle()),
        text("text", event.getText()),
        text("author", event.getAuthor()),
        components);
  }

  @SafeVarargs
  private static Optional<String> first(Optional<String>... problems) {
    for (Optional<String> problem : problems) {
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static boolean fitsKey(String value) {
    return value != null && !value.isEmpty() && value.length() <= MAX_KEY && noNul(value);
  }

  private static boolean noNul(String value) {
    return value == null || value.indexOf('\0') < 0;
  }

  private static boolean fitsTime(long epochMs) {
    return epochMs >= EARLIEST_MS && epochMs <= LATEST_MS;
  }

  private static Optional<String> key(String field, String value) {
    if (value == null || value.isEmpty()) {
      return Optional.of(field + " is empty");
    }
    if (value.length() > MAX_KEY) {
      return Optional.of(field + " is " + value.length() + " characters long, more than " + MAX_KEY);
    }
    return text(field, value);
  }

  private static Optional<String> text(String field, String value) {
    int nul = value == null ? -1 : value.indexOf('\0');
    return nul < 0 ? Optional.empty() : Optional.of(field + " contains a NUL character at position " + nul);
  }

  private static Optional<String> time(String field, long epochMs) {
    return !fitsTime(epochMs)
        ? Optional.of(field + " is outside the years 1 to 9999 (" + epochMs + " ms since 1970)")
        : Optional.empty();
  }
}

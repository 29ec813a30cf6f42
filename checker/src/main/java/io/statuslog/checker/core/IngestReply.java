package io.statuslog.checker.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statuslog.http.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What ingest's answer to a batch of results means for the agent that posted it, read from the
 * status, Retry-After and the problem+json body (see ingest's ResultsResource). Pure.
 */
public sealed interface IngestReply {
  /** A Retry-After that is missing or unreadable. */
  Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
  /** Retry-After is obeyed up to this; past it, ingest is asking for something odd. */
  Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  /** 202: Kafka committed the whole batch. */
  record Accepted() implements IngestReply {}

  /** 413: too many results or bytes for this ingest; nothing was written. */
  record TooLarge(String detail) implements IngestReply {}

  /**
   * 400: ingest will never take the batch as it is; nothing was written. {@code problems} names
   * the results at fault by their index in the batch (empty when it names none).
   */
  record Refused(List<Problem.Violation> problems, String detail) implements IngestReply {}

  /** 429: over the agent's rate; the same batch may go again after {@code retryAfter}. */
  record Throttled(Duration retryAfter, String detail) implements IngestReply {}

  /**
   * 401, 403 and other refusals of the request rather than of the results (a wrong URL, say):
   * only an operator can fix them, so retrying fast helps no one.
   */
  record Denied(int status, String detail) implements IngestReply {}

  /** 5xx, or an answer that is not ingest's: retry after a backoff; posting twice counts once. */
  record Failed(int status, String detail) implements IngestReply {}

  ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static IngestReply of(int status, Optional<String> retryAfter, byte[] body) {
    Optional<Problem> problem = problem(body);
    String detail = status + " " + problem.map(p -> p.detail() == null ? p.title() : p.detail()).orElseGet(() -> excerpt(body));
    return switch (status) {
      case 200, 201, 202, 204 -> new Accepted();
      case 400 -> new Refused(problem.map(Problem::errors).orElse(List.of()).stream().filter(v -> v.index() != null).toList(), detail);
      case 413 -> new TooLarge(detail);
      case 429 -> new Throttled(retryAfter(retryAfter), detail);
      default -> status >= 400 && status < 500 ? new Denied(status, detail) : new Failed(status, detail);
    };
  }

  /** Retry-After in seconds (the form ingest sends), at least one second and at most {@link #MAX_RETRY_AFTER}. */
  static Duration retryAfter(Optional<String> header) {
    try {
      long seconds = Long.parseLong(header.orElse("").strip());
      return Duration.ofSeconds(Math.clamp(seconds, 1, MAX_RETRY_AFTER.toSeconds()));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_AFTER;
    }
  }

  private static Optional<Problem> problem(byte[] body) {
    try {
      return body.length == 0 ? Optional.empty() : Optional.ofNullable(JSON.readValue(body, Problem.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** An answer that is not problem+json (a proxy's error page, say), cut short and on one line. */
  private static String excerpt(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "(no body)" : text;
  }
}

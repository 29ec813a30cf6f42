package io.statuslog.ingest.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.statuslog.schemas.CheckIds;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.events.ProbeTimings;
import io.statuslog.schemas.kafka.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A batch of results an agent posted, as JSON, checked whole before anything is written: every
 * problem is found and named by the index of the result in the batch and the field, so an agent
 * (and the person reading its log) knows exactly what to fix. Pure: the agent, the time and the
 * limits are given.
 *
 * <p>What the agent may not choose is taken from its token, never from the body: the region and
 * the agent's name. A body may repeat them; one that names another region or agent is refused
 * (403). Each result keeps the agent's id for it, and its spool's id and sequence number: those
 * make a batch posted twice count once in the read model. The spool id is recorded as
 * {@code <agent>/<spoolId>}, so no agent can pass its results off as another's spool.
 *
 * <p>The check id is checked for its syntax, not against the checks in the log: a result spooled
 * before its check was removed, or moved to another region, is still a fact, and refusing it
 * would block the agent's spool behind it for good.
 *
 * <p>When a result started is checked against ingest's clock, with room for an agent that was
 * cut off: a result may have started up to {@code maxAge} ago (30 days by default,
 * {@code ingest.maxResultAge}), because an agent delivers its spool oldest first after an outage
 * of ingest or of its own network, and a result refused for its age is refused again on every
 * retry, holding back everything the spool holds behind it. It may have started at most
 * {@code maxClockSkew} ahead (5 minutes by default, {@code ingest.maxClockSkew}): no probe has
 * started in the future, so a result that says it did comes from a clock that is wrong, and its
 * time would misplace it on the uptime bars. Both limits are inclusive. Outside them the batch is
 * refused (400) with a detail that names the setting; an operator whose agents were cut off
 * longer raises {@code ingest.maxResultAge}, and the agents' next retry goes through.
 */
public final class ResultBatch {
  /**
   * How many results a batch may hold; how far ahead of ingest's clock ({@code maxClockSkew}) and
   * how long before it ({@code maxAge}) a result may have started, both inclusive.
   */
  public record Limits(int maxResults, Duration maxClockSkew, Duration maxAge) {}

  /** One problem: the result's index in the batch, the field as the agent spelled it, what is wrong. */
  public record Violation(int index, String field, String detail) {
    @Override
    public String toString() {
      return "[" + index + "]" + (field.isEmpty() ? "" : "." + field) + ": " + detail;
    }
  }

  /** Why a batch is refused, and so its status. */
  public enum Refusal { MALFORMED, FORBIDDEN, TOO_LARGE }

  public sealed interface Parsed {}

  public record Valid(List<CheckResult> results) implements Parsed {}

  public record Invalid(Refusal refusal, String detail, List<Violation> violations) implements Parsed {}

  static final int MAX_ID = 128;
  static final int MAX_ERROR_MESSAGE = 2_000;
  static final int MAX_CONDITIONS = 100;
  static final int MAX_CONDITION = 1_000;
  static final int MAX_RESOLVED = 2_000;
  static final long MAX_MILLIS = Duration.ofDays(1).toMillis();
  /** Violations listed in one answer; the detail says how many more there are. */
  static final int MAX_LISTED = 100;

  private static final Set<String> FIELDS = new LinkedHashSet<>(List.of(
      "resultId", "spoolId", "sequence", "checkId", "startedAt", "durationMs", "outcome", "httpStatus", "errorKind", "errorMessage",
      "tlsExpiresAt", "failedConditions", "timings", "region", "agent"));
  /**
   * The ASCII characters an id may hold, looked up rather than compared range by range: two ids
   * of every result are checked, and ingest spent more time in these comparisons than in any other method.
   */
  private static final boolean[] ID_CHARS = new boolean[128];

  static {
    for (char c = 0; c < ID_CHARS.length; c++) {
      ID_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' || c == '-';
    }
  }

  /** Read once: {@code values()} copies its array on every call, and every result names a symbol or two. */
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final ErrorKind[] ERROR_KINDS = ErrorKind.values();
  private static final Set<String> CONDITION_FIELDS = Set.of("condition", "resolved", "degraded");
  private static final Set<String> TIMING_FIELDS = new LinkedHashSet<>(List.of("dnsMs", "connectMs", "tlsMs", "firstByteMs"));

  static {
    // Building an event resolves its schema's classes, which Avro refuses until told to trust ours.
    AvroSerde.trustEvents();
  }

  private ResultBatch() {}

  /**
   * The batch as results of this agent, or every reason it is refused. A result of a check the
   * agent's region does not probe is malformed (400), not forbidden: an agent set it aside and
   * goes on, as it must when {@code checks apply} moved or removed a check it had results for.
   */
  public static Parsed parse(JsonNode body, Agent agent, Definitions definitions, Instant now, Limits limits) {
    if (body == null || !body.isArray()) {
      return new Invalid(Refusal.MALFORMED, "the body must be a JSON array of results, got " + kind(body), List.of());
    }
    if (body.isEmpty()) {
      return new Invalid(Refusal.MALFORMED, "the batch is empty; send 1 to " + limits.maxResults() + " results", List.of());
    }
    if (body.size() > limits.maxResults()) {
      return new Invalid(Refusal.TOO_LARGE, "the batch holds " + body.size() + " results; send at most " + limits.maxResults() + " per request", List.of());
    }
    List<Violation> malformed = new ArrayList<>();
    List<Violation> forbidden = new ArrayList<>();
    List<CheckResult> results = new ArrayList<>(body.size());
    Map<String, Integer> lastOfSpool = new HashMap<>();
    Map<String, Long> sequenceOfSpool = new HashMap<>();
    Map<String, Integer> indexOfResultId = HashMap.newHashMap(body.size());
    for (int i = 0; i < body.size(); i++) {
      Item item = new Item(i, body.get(i), malformed);
      Optional<CheckResult> result = item.read(agent, definitions, now, limits, forbidden);
      if (result.isPresent()) {
        results.add(result.get());
        // Two results under one id is a bug in the agent: which of them would the id name?
        Integer sameId = indexOfResultId.putIfAbsent(result.get().getResultId(), i);
        if (sameId != null) {
          malformed.add(new Violation(i, "resultId", "\"" + result.get().getResultId() + "\" is also the id of [" + sameId + "]; each result has an id of its own"));
        }
        // A spool delivers in order, and the read model counts a number not above the highest it
        // has seen from that spool as a copy: out of order, a result would be lost as a "copy".
        String spool = result.get().getSpoolId();
        long sequence = result.get().getSequence();
        Long previous = sequenceOfSpool.put(spool, sequence);
        if (previous != null && sequence <= previous) {
          malformed.add(new Violation(i, "sequence", sequence + " is not above " + previous + ", the sequence of [" + lastOfSpool.get(spool)
              + "] from the same spool; a spool's results go in the order it numbered them"));
        }
        lastOfSpool.put(spool, i);
      }
    }
    if (!forbidden.isEmpty()) {
      // 403 for the batch, and every problem listed, so one answer says all there is to fix.
      List<Violation> all = new ArrayList<>(forbidden);
      all.addAll(malformed);
      return invalid(Refusal.FORBIDDEN, all);
    }
    if (!malformed.isEmpty()) {
      return invalid(Refusal.MALFORMED, malformed);
    }
    return new Valid(List.copyOf(results));
  }

  private static Invalid invalid(Refusal refusal, List<Violation> violations) {
    List<Violation> sorted = violations.stream()
        .sorted((a, b) -> a.index() != b.index() ? Integer.compare(a.index(), b.index()) : 0)
        .toList();
    String detail = sorted.getFirst().toString()
        + (sorted.size() > 1 ? " (and " + (sorted.size() - 1) + " more problem" + (sorted.size() > 2 ? "s" : "") + "; see errors)" : "")
        + "; nothing was written";
    return new Invalid(refusal, detail, sorted.subList(0, Math.min(sorted.size(), MAX_LISTED)));
  }

  /** One result of the batch, read field by field, each problem recorded with the result's index. */
  private static final class Item {
    private final int index;
    private final JsonNode node;
    private final List<Violation> violations;
    private final int before;

    Item(int index, JsonNode node, List<Violation> violations) {
      this.index = index;
      this.node = node;
      this.violations = violations;
      this.before = violations.size();
    }

    Optional<CheckResult> read(Agent agent, Definitions definitions, Instant now, Limits limits, List<Violation> forbidden) {
      if (node == null || !node.isObject()) {
        problem("", "expected a result (a JSON object), got " + kind(node));
        return Optional.empty();
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!FIELDS.contains(name)) {
          problem(name, "unknown field; known fields are " + String.join(", ", FIELDS));
        }
      }
      sameAsToken("region", agent.region(), forbidden);
      sameAsToken("agent", agent.name(), forbidden);
      String resultId = id("resultId");
      String spoolId = id("spoolId");
      Long sequence = number("sequence", true, 1, Long.MAX_VALUE);
      String checkId = text("checkId", true, 64);
      if (checkId != null && !CheckIds.isValid(checkId)) {
        problem("checkId", "\"" + checkId + "\" is not a check id: " + CheckIds.RULE);
      } else if (checkId != null) {
        definitions.refusesResultFrom(agent.region(), checkId).ifPresent(reason -> problem("checkId", reason));
      }
      Instant startedAt = timestamp("startedAt", true);
      if (startedAt != null) {
        if (startedAt.isAfter(now.plus(limits.maxClockSkew()))) {
          problem("startedAt", startedAt + " is more than " + durationText(limits.maxClockSkew()) + " ahead of ingest's clock (" + now + "); check the agent's clock");
        } else if (startedAt.isBefore(now.minus(limits.maxAge()))) {
          problem("startedAt", startedAt + " is more than " + durationText(limits.maxAge()) + " ago; results that old are not taken (ingest.maxResultAge)");
        }
      }
      Long durationMs = number("durationMs", true, 0, MAX_MILLIS);
      Outcome outcome = symbol("outcome", true, OUTCOMES);
      Long httpStatus = number("httpStatus", false, 100, 599);
      ErrorKind errorKind = symbol("errorKind", false, ERROR_KINDS);
      String errorMessage = text("errorMessage", false, MAX_ERROR_MESSAGE);
      Instant tlsExpiresAt = timestamp("tlsExpiresAt", false);
      List<FailedCondition> failedConditions = failedConditions();
      ProbeTimings timings = timings();
      if (violations.size() > before) {
        return Optional.empty();
      }
      // The constructor, not the builder: a builder per result (its copy of the schema's fields,
      // its flags, a check of every value as it is set) was a fifth of this method's time.
      return Optional.of(new CheckResult(resultId, checkId, agent.region(), agent.name(), startedAt, durationMs, outcome,
          httpStatus == null ? null : httpStatus.intValue(), errorKind, errorMessage, tlsExpiresAt, agent.name() + "/" + spoolId, sequence,
          failedConditions, timings));
    }

    private void problem(String field, String detail) {
      violations.add(new Violation(index, field, detail));
    }

    private void sameAsToken(String field, String fromToken, List<Violation> forbidden) {
      JsonNode given = node.get(field);
      if (given != null && !given.isNull() && !(given.isTextual() && given.asText().equals(fromToken))) {
        forbidden.add(new Violation(index, field, "this token is for " + field + " \"" + fromToken + "\"; it may not write "
            + (given.isTextual() ? "as " + field + " \"" + given.asText() + "\"" : field + " " + given) + " (leave " + field + " out: ingest sets it from the token)"));
      }
    }

    private String id(String field) {
      String id = text(field, true, MAX_ID);
      if (id != null && !isId(id)) {
        problem(field, "must be 1-" + MAX_ID + " characters of letters, digits, '.', '_', ':' or '-'");
        return null;
      }
      return id;
    }

    /** 1 to {@link #MAX_ID} characters of letters, digits, '.', '_', ':' or '-' (length checked by the caller). */
    private static boolean isId(String id) {
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (c >= ID_CHARS.length || !ID_CHARS[c]) {
          return false;
        }
      }
      return !id.isEmpty();
    }

    private JsonNode given(String field, boolean required) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          problem(field, "is required");
        }
        return null;
      }
      return value;
    }

    private String text(String field, boolean required, int max) {
      JsonNode value = given(field, required);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        problem(field, "expected text, got " + kind(value));
        return null;
      }
      String text = value.asText();
      if (required && text.isEmpty()) {
        problem(field, "must not be empty");
        return null;
      }
      if (text.length() > max) {
        problem(field, "is " + text.length() + " characters long; at most " + max + " are kept");
        return null;
      }
      int nul = text.indexOf('\u0000');
      if (nul >= 0) {
        problem(field, "holds a NUL character (U+0000) at position " + nul + ", which the read model cannot store");
        return null;
      }
      return text;
    }

    private Long number(String field, boolean required, long min, long max) {
      JsonNode value = given(field, required);
      if (value == null) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        problem(field, "expected a whole number, got " + kind(value));
        return null;
      }
      long number = value.longValue();
      if (number < min || number > max) {
        problem(field, "must be between " + min + " and " + max + ", got " + number);
        return null;
      }
      return number;
    }

    private <E extends Enum<E>> E symbol(String field, boolean required, E[] symbols) {
      JsonNode value = given(field, required);
      if (value == null) {
        return null;
      }
      if (value.isTextual()) {
        for (E symbol : symbols) {
          if (symbol.name().equals(value.asText())) {
            return symbol;
          }
        }
      }
      List<String> names = Arrays.stream(symbols).map(Enum::name).toList();
      problem(field, "must be one of " + String.join(", ", names) + ", got " + (value.isTextual() ? "\"" + value.asText() + "\"" : kind(value)));
      return null;
    }

    private Instant timestamp(String field, boolean required) {
      JsonNode value = given(field, required);
      if (value == null) {
        return null;
      }
      String expected = "expected an RFC 3339 timestamp with its offset, such as 2025-06-01T12:00:00.250Z, got ";
      if (!value.isTextual()) {
        problem(field, expected + kind(value));
        return null;
      }
      try {
        return Rfc3339.parse(value.asText());
      } catch (DateTimeParseException e) {
        problem(field, expected + "\"" + abbreviated(value.asText()) + "\"");
        return null;
      }
    }

    private List<FailedCondition> failedConditions() {
      JsonNode value = given("failedConditions", false);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        problem("failedConditions", "expected a list, got " + kind(value));
        return List.of();
      }
      if (value.size() > MAX_CONDITIONS) {
        problem("failedConditions", "holds " + value.size() + " conditions; at most " + MAX_CONDITIONS + " are kept");
        return List.of();
      }
      List<FailedCondition> conditions = new ArrayList<>();
      for (int c = 0; c < value.size(); c++) {
        String at = "failedConditions[" + c + "]";
        JsonNode condition = value.get(c);
        if (!condition.isObject()) {
          problem(at, "expected an object with condition, resolved and degraded, got " + kind(condition));
          continue;
        }
        condition.fieldNames().forEachRemaining(name -> {
          if (!CONDITION_FIELDS.contains(name)) {
            problem(at + "." + name, "unknown field; known fields are condition, resolved, degraded");
          }
        });
        Item inner = new Item(index, condition, violations);
        String text = inner.nested(at, "condition", MAX_CONDITION);
        String resolved = inner.nested(at, "resolved", MAX_RESOLVED);
        JsonNode degraded = condition.get("degraded");
        if (degraded != null && !degraded.isNull() && !degraded.isBoolean()) {
          problem(at + ".degraded", "expected true or false, got " + kind(degraded));
          continue;
        }
        if (text != null && resolved != null) {
          conditions.add(new FailedCondition(text, resolved, degraded != null && degraded.asBoolean()));
        }
      }
      return conditions;
    }

    /** A required text field of a nested object, its problems named under {@code at}. */
    private String nested(String at, String field, int max) {
      List<Violation> own = new ArrayList<>();
      Item scratch = new Item(index, node, own);
      String text = scratch.text(field, true, max);
      own.forEach(violation -> violations.add(new Violation(index, at + "." + violation.field(), violation.detail())));
      return text;
    }

    private ProbeTimings timings() {
      JsonNode value = given("timings", false);
      if (value == null) {
        return null;
      }
      if (!value.isObject()) {
        problem("timings", "expected an object with " + String.join(", ", TIMING_FIELDS) + ", got " + kind(value));
        return null;
      }
      value.fieldNames().forEachRemaining(name -> {
        if (!TIMING_FIELDS.contains(name)) {
          problem("timings." + name, "unknown field; known fields are " + String.join(", ", TIMING_FIELDS));
        }
      });
      List<Violation> own = new ArrayList<>();
      Item inner = new Item(index, value, own);
      ProbeTimings timings = new ProbeTimings(
          inner.number("dnsMs", false, 0, MAX_MILLIS), inner.number("connectMs", false, 0, MAX_MILLIS),
          inner.number("tlsMs", false, 0, MAX_MILLIS), inner.number("firstByteMs", false, 0, MAX_MILLIS));
      own.forEach(violation -> violations.add(new Violation(index, "timings." + violation.field(), violation.detail())));
      return own.isEmpty() ? timings : null;
    }
  }

  /** What a JSON value is, said for a person: never the value itself when it may be long. */
  static String kind(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    return switch (value.getNodeType()) {
      case NULL -> "null";
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "text";
      case BOOLEAN -> value.asText();
      case NUMBER -> "the number " + abbreviated(value.asText());
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String abbreviated(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static String durationText(Duration duration) {
    if (duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0) {
      return duration.toDays() + "d";
    }
    if (duration.toSeconds() % 3600 == 0) {
      return duration.toHours() + "h";
    }
    if (duration.toSeconds() % 60 == 0) {
      return duration.toMinutes() + "m";
    }
    return duration.toSeconds() + "s";
  }
}

package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResultBatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final Agent EU = new Agent("eu-1", "eu", "0".repeat(64), NOW, Optional.empty());
  /** "api" is probed everywhere, "us-only" from us only, "backup" is a push check. */
  private static final Definitions DEFINITIONS = Definitions.empty().after(List.of(
      new SimpleEntry<>("api", CheckDefinition.newBuilder().setCheckId("api").setName("API").setUrl("https://api.example.com/")
          .setIntervalMs(30_000).setTimeoutMs(5_000).build()),
      new SimpleEntry<>("us-only", CheckDefinition.newBuilder().setCheckId("us-only").setName("US").setUrl("https://us.example.com/")
          .setIntervalMs(30_000).setTimeoutMs(5_000).setRegions(List.of("us-east", "us-west")).build()),
      new SimpleEntry<>("backup", CheckDefinition.newBuilder().setCheckId("backup").setName("Backup").setUrl("push:backup")
          .setIntervalMs(60_000).setTimeoutMs(10_000).setType(CheckType.PUSH).setGraceMs(60_000L).build())));
  private static final ResultBatch.Limits LIMITS = new ResultBatch.Limits(1_000, Duration.ofMinutes(5), Duration.ofDays(30));

  @Test
  void aValidResultTakesRegionAndAgentFromTheTokenAndKeepsTheAgentsIds() throws Exception {
    ArrayNode batch = JSON.createArrayNode().add(result(0, r -> r
        .put("httpStatus", 503).put("errorKind", "UNEXPECTED_STATUS").put("errorMessage", "503 from origin\nsecond line")
        .put("tlsExpiresAt", "2026-01-01T00:00:00+02:00")
        .set("failedConditions", readValue("[{\"condition\": \"[STATUS] == 200\", \"resolved\": \"[STATUS] (503) == 200\"}]"))));
    ((ObjectNode) batch.get(0)).set("timings", JSON.readTree("{\"dnsMs\": 3, \"connectMs\": null, \"firstByteMs\": 40}"));

    CheckResult result = valid(batch).getFirst();

    assertThat(result.getResultId()).isEqualTo("r-0");
    assertThat(result.getCheckId()).isEqualTo("api");
    assertThat(result.getRegion()).isEqualTo("eu");
    assertThat(result.getAgent()).isEqualTo("eu-1");
    assertThat(result.getSpoolId()).as("namespaced by the agent").isEqualTo("eu-1/spool-a");
    assertThat(result.getSequence()).isEqualTo(1);
    assertThat(result.getStartedAt()).isEqualTo(NOW.minusSeconds(10));
    assertThat(result.getDurationMs()).isEqualTo(120);
    assertThat(result.getOutcome()).isEqualTo(Outcome.DOWN);
    assertThat(result.getHttpStatus()).isEqualTo(503);
    assertThat(result.getErrorKind()).isEqualTo(ErrorKind.UNEXPECTED_STATUS);
    assertThat(result.getErrorMessage()).isEqualTo("503 from origin\nsecond line");
    assertThat(result.getTlsExpiresAt()).isEqualTo(Instant.parse("2025-12-31T22:00:00Z"));
    assertThat(result.getFailedConditions()).singleElement().satisfies(c -> assertThat(c.getResolved()).isEqualTo("[STATUS] (503) == 200"));
    assertThat(result.getTimings().getDnsMs()).isEqualTo(3);
    assertThat(result.getTimings().getConnectMs()).isNull();
  }

  @Test
  void aBodyRepeatingTheTokensRegionAndAgentIsAccepted() {
    assertThat(valid(JSON.createArrayNode().add(result(0, r -> r.put("region", "eu").put("agent", "eu-1"))))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      resultId     | missing        | is required
      resultId     | "a b"          | must be 1-128 characters of letters, digits, '.', '_', ':' or '-'
      spoolId      | "spool-é"      | must be 1-128 characters of letters, digits, '.', '_', ':' or '-'
      spoolId      | ""             | must not be empty
      sequence     | 0              | must be between 1 and 9223372036854775807, got 0
      sequence     | 1.5            | expected a whole number, got the number 1.5
      sequence     | "1"            | expected a whole number, got text
      sequence     | 99999999999999999999 | expected a whole number, got the number 99999999999999999999
      httpStatus   | [200]          | expected a whole number, got a list
      checkId      | "API"          | "API" is not a check id: 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit
      checkId      | "nope"         | no check has the id "nope" (removed by checks apply, or never applied)
      checkId      | "us-only"      | "us-only" is probed from us-east, us-west, not from this token's region "eu"
      checkId      | "backup"       | "backup" is a push check: its job records it through its push URL, no agent probes it
      startedAt    | 1748779200000  | expected an RFC 3339 timestamp with its offset, such as 2025-06-01T12:00:00.250Z, got the number 1748779200000
      startedAt    | "2025-06-01 12:00" | expected an RFC 3339 timestamp with its offset, such as 2025-06-01T12:00:00.250Z, got "2025-06-01 12:00"
      startedAt    | "2025-06-01T12:10:00Z" | 2025-06-01T12:10:00Z is more than 5m ahead of ingest's clock (2025-06-01T12:00:00Z); check the agent's clock
      startedAt    | "2025-04-01T12:00:00Z" | 2025-04-01T12:00:00Z is more than 30d ago; results that old are not taken (ingest.maxResultAge)
      durationMs   | -1             | must be between 0 and 86400000, got -1
      outcome      | "up"           | must be one of UP, DOWN, DEGRADED, got "up"
      httpStatus   | 99             | must be between 100 and 599, got 99
      errorKind    | "BOOM"         | must be one of OTHER, TIMEOUT, CONNECTION, DNS, TLS, UNEXPECTED_STATUS, got "BOOM"
      errorMessage | "a\\u0000b"    | holds a NUL character (U+0000) at position 1, which the read model cannot store
      errorMessage | 42             | expected text, got the number 42
      errorMessage | true           | expected text, got true
      timings      | 5              | expected an object with dnsMs, connectMs, tlsMs, firstByteMs, got the number 5
      probe        | "x"            | unknown field; known fields are resultId, spoolId, sequence, checkId, startedAt, durationMs, outcome, httpStatus, errorKind, errorMessage, tlsExpiresAt, failedConditions, timings, region, agent
      """)
  void everyBadFieldIsNamedWithItsIndex(String field, String value, String problem) throws Exception {
    ArrayNode batch = JSON.createArrayNode().add(result(0, r -> { })).add(result(1, r -> { })).add(result(2, r -> {
      if (value.equals("missing")) {
        r.remove(field);
      } else {
        r.set(field, readValue(value));
      }
    }));

    ResultBatch.Invalid invalid = invalid(batch);

    assertThat(invalid.refusal()).isEqualTo(ResultBatch.Refusal.MALFORMED);
    assertThat(invalid.violations()).containsExactly(new ResultBatch.Violation(2, field, problem));
    assertThat(invalid.detail()).isEqualTo("[2]." + field + ": " + problem + "; nothing was written");
  }

  @Test
  void aResultThatIsNotAnObjectIsNamedForWhatItIs() {
    assertThat(invalid(readValue("[1.5, null, [], true, {\"x\": 1}]")).violations())
        .extracting(ResultBatch.Violation::toString).containsExactly(
            "[0]: expected a result (a JSON object), got the number 1.5",
            "[1]: expected a result (a JSON object), got null",
            "[2]: expected a result (a JSON object), got a list",
            "[3]: expected a result (a JSON object), got true",
            "[4].x: unknown field; known fields are resultId, spoolId, sequence, checkId, startedAt, durationMs, outcome, httpStatus, errorKind, "
                + "errorMessage, tlsExpiresAt, failedConditions, timings, region, agent",
            "[4].resultId: is required",
            "[4].spoolId: is required",
            "[4].sequence: is required",
            "[4].checkId: is required",
            "[4].startedAt: is required",
            "[4].durationMs: is required",
            "[4].outcome: is required");
  }

  @ParameterizedTest(name = "started {0} ago")
  @CsvSource({"PT0S", "PT1H", "P2D", "P29DT23H", "P30D"})
  void resultsAnAgentSpooledThroughAnOutageOfUpTo30DaysAreTaken(Duration age) {
    // An agent cut off from ingest for weeks delivers its spool oldest first: refusing those
    // results would refuse that batch on every retry and hold everything behind it for good.
    ArrayNode batch = JSON.createArrayNode().add(result(0, r -> r.put("startedAt", NOW.minus(age).toString())));

    assertThat(valid(batch)).singleElement().satisfies(result -> assertThat(result.getStartedAt()).isEqualTo(NOW.minus(age)));
  }

  @ParameterizedTest(name = "started {0} ahead")
  @CsvSource({"PT1S", "PT4M59S", "PT5M"})
  void aResultFromAClockUpTo5MinutesFastIsTaken(Duration ahead) {
    ArrayNode batch = JSON.createArrayNode().add(result(0, r -> r.put("startedAt", NOW.plus(ahead).toString())));

    assertThat(valid(batch)).hasSize(1);
  }

  @Test
  void justBeyondEitherLimitTheResultIsRefusedAndTheDetailNamesTheSettingToChange() {
    ArrayNode batch = JSON.createArrayNode()
        .add(result(0, r -> r.put("startedAt", NOW.minus(Duration.ofDays(30)).minusMillis(1).toString())))
        .add(result(1, r -> r.put("startedAt", NOW.plus(Duration.ofMinutes(5)).plusMillis(1).toString())));

    assertThat(invalid(batch).violations()).extracting(ResultBatch.Violation::toString).containsExactly(
        "[0].startedAt: 2025-05-02T11:59:59.999Z is more than 30d ago; results that old are not taken (ingest.maxResultAge)",
        "[1].startedAt: 2025-06-01T12:05:00.001Z is more than 5m ahead of ingest's clock (2025-06-01T12:00:00Z); check the agent's clock");
  }

  @Test
  void everyProblemOfEveryResultIsListedInOrderAndTheDetailCountsTheRest() {
    ArrayNode batch = JSON.createArrayNode()
        .add(result(0, r -> r.put("outcome", "SIDEWAYS")))
        .add(result(1, r -> { }))
        .add(result(2, r -> r.remove(List.of("checkId", "durationMs"))))
        .add("not an object");

    ResultBatch.Invalid invalid = invalid(batch);

    assertThat(invalid.violations()).extracting(ResultBatch.Violation::toString).containsExactly(
        "[0].outcome: must be one of UP, DOWN, DEGRADED, got \"SIDEWAYS\"",
        "[2].checkId: is required",
        "[2].durationMs: is required",
        "[3]: expected a result (a JSON object), got text");
    assertThat(invalid.detail()).isEqualTo("[0].outcome: must be one of UP, DOWN, DEGRADED, got \"SIDEWAYS\" (and 3 more problems; see errors); nothing was written");
  }

  @Test
  void nestedFieldsAreNamedByTheirPath() throws Exception {
    ArrayNode batch = JSON.createArrayNode().add(result(0, r -> r
        .set("failedConditions", readValue("[{\"condition\": \"x\", \"resolved\": \"y\"}, {\"condition\": \"x\", \"extra\": 1}]"))))
        .add(result(1, r -> r.set("timings", readValue("{\"dnsMs\": -5, \"totalMs\": 3}"))));

    assertThat(invalid(batch).violations()).extracting(ResultBatch.Violation::toString).containsExactlyInAnyOrder(
        "[0].failedConditions[1].extra: unknown field; known fields are condition, resolved, degraded",
        "[0].failedConditions[1].resolved: is required",
        "[1].timings.totalMs: unknown field; known fields are dnsMs, connectMs, tlsMs, firstByteMs",
        "[1].timings.dnsMs: must be between 0 and 86400000, got -5");
  }

  @Test
  void anotherRegionOrAgentInTheBodyIsForbiddenAndTheOtherBadFieldsAreListedToo() {
    ArrayNode batch = JSON.createArrayNode()
        .add(result(0, r -> r.put("outcome", "nope")))
        .add(result(1, r -> r.put("region", "us")))
        .add(result(2, r -> r.put("agent", "us-1")));

    ResultBatch.Invalid invalid = invalid(batch);

    assertThat(invalid.refusal()).isEqualTo(ResultBatch.Refusal.FORBIDDEN);
    assertThat(invalid.violations()).extracting(ResultBatch.Violation::toString).containsExactly(
        "[0].outcome: must be one of UP, DOWN, DEGRADED, got \"nope\"",
        "[1].region: this token is for region \"eu\"; it may not write as region \"us\" (leave region out: ingest sets it from the token)",
        "[2].agent: this token is for agent \"eu-1\"; it may not write as agent \"us-1\" (leave agent out: ingest sets it from the token)");
  }

  @Test
  void aSpoolsResultsMustComeInItsOrderWithinABatch() {
    ArrayNode batch = JSON.createArrayNode()
        .add(result(0, r -> r.put("sequence", 7)))
        .add(result(1, r -> r.put("sequence", 9).put("spoolId", "spool-b")))
        .add(result(2, r -> r.put("sequence", 7)));

    assertThat(invalid(batch).violations()).containsExactly(new ResultBatch.Violation(2, "sequence",
        "7 is not above 7, the sequence of [0] from the same spool; a spool's results go in the order it numbered them"));
  }

  @Test
  void twoResultsUnderOneIdAreRefused() {
    ArrayNode batch = JSON.createArrayNode()
        .add(result(0, r -> { }))
        .add(result(1, r -> { }))
        .add(result(2, r -> r.put("resultId", "r-0")));

    assertThat(invalid(batch).violations()).containsExactly(new ResultBatch.Violation(2, "resultId",
        "\"r-0\" is also the id of [0]; each result has an id of its own"));
  }

  @Test
  void theBatchMustBeANonEmptyArrayOfAtMostTheLimit() {
    assertThat(invalid(JSON.createObjectNode()).detail()).isEqualTo("the body must be a JSON array of results, got an object");
    assertThat(invalid(JSON.createArrayNode()).detail()).isEqualTo("the batch is empty; send 1 to 1000 results");
    ArrayNode tooMany = JSON.createArrayNode();
    for (int i = 0; i < 3; i++) {
      tooMany.add(result(i, r -> { }));
    }
    ResultBatch.Invalid invalid = (ResultBatch.Invalid) ResultBatch.parse(tooMany, EU, DEFINITIONS, NOW, new ResultBatch.Limits(2, Duration.ofMinutes(5), Duration.ofDays(1)));
    assertThat(invalid.refusal()).isEqualTo(ResultBatch.Refusal.TOO_LARGE);
    assertThat(invalid.detail()).isEqualTo("the batch holds 3 results; send at most 2 per request");
  }

  private static ObjectNode result(int i, Consumer<ObjectNode> change) {
    ObjectNode result = JSON.createObjectNode()
        .put("resultId", "r-" + i)
        .put("spoolId", "spool-a")
        .put("sequence", i + 1)
        .put("checkId", "api")
        .put("startedAt", NOW.minusSeconds(10).toString())
        .put("durationMs", 120)
        .put("outcome", "DOWN");
    change.accept(result);
    return result;
  }

  private static JsonNode readValue(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<CheckResult> valid(JsonNode batch) {
    ResultBatch.Parsed parsed = ResultBatch.parse(batch, EU, DEFINITIONS, NOW, LIMITS);
    assertThat(parsed).isInstanceOf(ResultBatch.Valid.class);
    return ((ResultBatch.Valid) parsed).results();
  }

  private static ResultBatch.Invalid invalid(JsonNode batch) {
    ResultBatch.Parsed parsed = ResultBatch.parse(batch, EU, DEFINITIONS, NOW, LIMITS);
    assertThat(parsed).isInstanceOf(ResultBatch.Invalid.class);
    return (ResultBatch.Invalid) parsed;
  }
}

package io.statuslog.checker.core.condition;

import static io.statuslog.checker.core.condition.Probe.body;
import static io.statuslog.checker.core.condition.Probe.probe;
import static io.statuslog.checker.core.condition.Probe.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.statuslog.checker.core.ProbeFacts;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gatus's own tests, rewritten against this implementation, so that a Gatus user's conditions are
 * shown to mean the same here. Each group names the Gatus test it mirrors (TwiN/gatus at
 * 08c4635). Where Statuslog decides differently on purpose, the case says so and why.
 *
 * <p>Gatus shows a successful condition unresolved unless asked; here {@code resolved} is always
 * resolved, so the successful cases expect what Gatus shows with resolve-successful-conditions on.
 */
class GatusCompatibilityTest {
  private static final String HTML =
      "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />"
          + "</head><body><div id=\"user\">%s</div></body></html>";

  private static Arguments scenario(String name, String condition, ProbeFacts facts, boolean success, String resolved) {
    return arguments(name, condition, facts, success, resolved);
  }

  /** Mirrors config/endpoint/condition_test.go TestCondition_evaluate, case by case and named as there. */
  static Stream<Arguments> gatusEvaluateScenarios() {
    return Stream.of(
        scenario("ip", "[IP] == 127.0.0.1", probe().withIp("127.0.0.1").facts(), true, "[IP] (127.0.0.1) == 127.0.0.1"),
        scenario("status", "[STATUS] == 200", status(200), true, "[STATUS] (200) == 200"),
        scenario("status-failure", "[STATUS] == 200", status(500), false, "[STATUS] (500) == 200"),
        scenario("status-using-less-than", "[STATUS] < 300", status(201), true, "[STATUS] (201) < 300"),
        scenario("status-using-less-than-failure", "[STATUS] < 300", status(404), false, "[STATUS] (404) < 300"),
        scenario("response-time-using-less-than", "[RESPONSE_TIME] < 500", millis(50), true, "[RESPONSE_TIME] (50) < 500"),
        scenario("response-time-using-less-than-with-duration", "[RESPONSE_TIME] < 1s", millis(50), true,
            "[RESPONSE_TIME] (50) < 1s"),
        scenario("response-time-using-less-than-invalid", "[RESPONSE_TIME] < potato", millis(50), false,
            "[RESPONSE_TIME] (50) < potato (0)"),
        scenario("response-time-using-greater-than", "[RESPONSE_TIME] > 500", millis(750), true, "[RESPONSE_TIME] (750) > 500"),
        scenario("response-time-using-greater-than-with-duration", "[RESPONSE_TIME] > 1s", millis(2_000), true,
            "[RESPONSE_TIME] (2000) > 1s"),
        scenario("response-time-using-greater-than-or-equal-to-equal", "[RESPONSE_TIME] >= 500", millis(500), true,
            "[RESPONSE_TIME] (500) >= 500"),
        scenario("response-time-using-greater-than-or-equal-to-failure", "[RESPONSE_TIME] >= 500", millis(499), false,
            "[RESPONSE_TIME] (499) >= 500"),
        scenario("response-time-using-less-than-or-equal-to-equal", "[RESPONSE_TIME] <= 500", millis(500), true,
            "[RESPONSE_TIME] (500) <= 500"),
        scenario("response-time-using-less-than-or-equal-to-less", "[RESPONSE_TIME] <= 500", millis(25), true,
            "[RESPONSE_TIME] (25) <= 500"),
        scenario("response-time-using-less-than-or-equal-to-failure", "[RESPONSE_TIME] <= 500", millis(750), false,
            "[RESPONSE_TIME] (750) <= 500"),
        scenario("body", "[BODY] == test", body("test"), true, "[BODY] (test) == test"),
        scenario("body-resolved-on-success", "[BODY].status == UP", body("{\"status\":\"UP\"}"), true,
            "[BODY].status (UP) == UP"),
        scenario("body-numerical-equal", "[BODY] == 123", body("123"), true, "[BODY] (123) == 123"),
        scenario("body-numerical-less-than", "[BODY] < 124", body("123"), true, "[BODY] (123) < 124"),
        scenario("body-numerical-greater-than", "[BODY] > 122", body("123"), true, "[BODY] (123) > 122"),
        scenario("body-numerical-greater-than-failure", "[BODY] > 123", body("100"), false, "[BODY] (100) > 123"),
        scenario("body-jsonpath", "[BODY].status == UP", body("{\"status\":\"UP\"}"), true, "[BODY].status (UP) == UP"),
        scenario("body-jsonpath-complex", "[BODY].data.name == john", body("{\"data\": {\"id\": 1, \"name\": \"john\"}}"), true,
            "[BODY].data.name (john) == john"),
        scenario("body-jsonpath-complex-invalid", "[BODY].data.name == john", body("{\"data\": {\"id\": 1}}"), false,
            "[BODY].data.name (INVALID) == john"),
        scenario("body-jsonpath-complex-len-invalid", "len([BODY].data.name) == john", body("{\"data\": {\"id\": 1}}"), false,
            "len([BODY].data.name) (INVALID) == john"),
        scenario("body-jsonpath-double-placeholder", "[BODY].user.firstName != [BODY].user.lastName",
            body("{\"user\": {\"firstName\": \"john\", \"lastName\": \"doe\"}}"), true,
            "[BODY].user.firstName (john) != [BODY].user.lastName (doe)"),
        scenario("body-jsonpath-double-placeholder-failure", "[BODY].user.firstName == [BODY].user.lastName",
            body("{\"user\": {\"firstName\": \"john\", \"lastName\": \"doe\"}}"), false,
            "[BODY].user.firstName (john) == [BODY].user.lastName (doe)"),
        scenario("body-jsonpath-when-body-is-array", "[BODY][0].id == 1", body("[{\"id\": 1}, {\"id\": 2}]"), true,
            "[BODY][0].id (1) == 1"),
        scenario("body-jsonpath-when-body-has-null-parameter", "[BODY].data == OK", body("{\"data\": null}\""), false,
            "[BODY].data (INVALID) == OK"),
        scenario("body-jsonpath-when-body-has-array-with-null", "[BODY].items[0] == OK", body("{\"items\": [null, null]}\""),
            false, "[BODY].items[0] (INVALID) == OK"),
        scenario("body-jsonpath-when-body-is-null", "[BODY].data == OK", body("null"), false, "[BODY].data (INVALID) == OK"),
        scenario("body-jsonpath-when-body-is-array-but-actual-body-is-not", "[BODY][0].name == test",
            body("{\"statusCode\": 500, \"message\": \"Internal Server Error\"}"), false, "[BODY][0].name (INVALID) == test"),
        scenario("body-jsonpath-complex-int", "[BODY].data.id == 1", body("{\"data\": {\"id\": 1}}"), true,
            "[BODY].data.id (1) == 1"),
        scenario("body-jsonpath-complex-array-int", "[BODY].data[1].id == 2",
            body("{\"data\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}"), true, "[BODY].data[1].id (2) == 2"),
        scenario("body-jsonpath-complex-int-using-greater-than", "[BODY].data.id > 0", body("{\"data\": {\"id\": 1}}"), true,
            "[BODY].data.id (1) > 0"),
        scenario("body-jsonpath-hexadecimal-int-using-greater-than", "[BODY].data > 0", data("0x1"), true, "[BODY].data (1) > 0"),
        scenario("body-jsonpath-hexadecimal-int-using-equal-to-0x1", "[BODY].data == 1", data("0x1"), true,
            "[BODY].data (0x1) == 1"),
        scenario("body-jsonpath-hexadecimal-int-using-equals", "[BODY].data == 0x1", data("0x1"), true,
            "[BODY].data (0x1) == 0x1"),
        scenario("body-jsonpath-hexadecimal-int-using-equal-to-0x2", "[BODY].data == 2", data("0x2"), true,
            "[BODY].data (0x2) == 2"),
        scenario("body-jsonpath-hexadecimal-int-using-equal-to-0xF", "[BODY].data == 15", data("0xF"), true,
            "[BODY].data (0xF) == 15"),
        scenario("body-jsonpath-hexadecimal-int-using-equal-to-0xC0ff33", "[BODY].data == 12648243", data("0xC0ff33"), true,
            "[BODY].data (0xC0ff33) == 12648243"),
        scenario("body-jsonpath-hexadecimal-int-len", "len([BODY].data) == 3", data("0x1"), true, "len([BODY].data) (3) == 3"),
        scenario("body-jsonpath-hexadecimal-int-greater", "[BODY].data >= 1", data("0x01"), true, "[BODY].data (1) >= 1"),
        scenario("body-jsonpath-hexadecimal-int-0x01-len", "len([BODY].data) == 4", data("0x01"), true,
            "len([BODY].data) (4) == 4"),
        scenario("body-jsonpath-octal-int-using-greater-than", "[BODY].data > 0", data("0o1"), true, "[BODY].data (1) > 0"),
        scenario("body-jsonpath-octal-int-using-equal", "[BODY].data == 2", data("0o2"), true, "[BODY].data (0o2) == 2"),
        scenario("body-jsonpath-octal-int-using-equals", "[BODY].data == 0o2", data("0o2"), true, "[BODY].data (0o2) == 0o2"),
        scenario("body-jsonpath-binary-int-using-greater-than", "[BODY].data > 0", data("0b1"), true, "[BODY].data (1) > 0"),
        scenario("body-jsonpath-binary-int-using-equal", "[BODY].data == 2", data("0b0010"), true, "[BODY].data (0b0010) == 2"),
        scenario("body-jsonpath-binary-int-using-equals", "[BODY].data == 0b10", data("0b0010"), true,
            "[BODY].data (0b0010) == 0b10"),
        scenario("body-jsonpath-complex-int-using-greater-than-failure", "[BODY].data.id > 5", body("{\"data\": {\"id\": 1}}"),
            false, "[BODY].data.id (1) > 5"),
        scenario("body-jsonpath-float-using-greater-than-issue433", "[BODY].balance > 100",
            body("{\"balance\": \"123.40000000000005\"}"), true, "[BODY].balance (123) > 100"),
        scenario("body-jsonpath-complex-int-using-less-than", "[BODY].data.id < 5", body("{\"data\": {\"id\": 2}}"), true,
            "[BODY].data.id (2) < 5"),
        scenario("body-jsonpath-complex-int-using-less-than-failure", "[BODY].data.id < 5", body("{\"data\": {\"id\": 10}}"),
            false, "[BODY].data.id (10) < 5"),
        scenario("connected", "[CONNECTED] == true", probe().facts(), true, "[CONNECTED] (true) == true"),
        scenario("connected-failure", "[CONNECTED] == true", probe().notConnected().facts(), false, "[CONNECTED] (false) == true"),
        scenario("certificate-expiration-not-set", "[CERTIFICATE_EXPIRATION] == 0", probe().facts(), true,
            "[CERTIFICATE_EXPIRATION] (0) == 0"),
        scenario("certificate-expiration-greater-than-numerical", "[CERTIFICATE_EXPIRATION] > 2419200000",
            certificate(Duration.ofDays(60)), true, "[CERTIFICATE_EXPIRATION] (1440h) > 2419200000"),
        scenario("certificate-expiration-greater-than-numerical-failure", "[CERTIFICATE_EXPIRATION] > 2419200000",
            certificate(Duration.ofDays(14)), false, "[CERTIFICATE_EXPIRATION] (336h) > 2419200000"),
        scenario("certificate-expiration-greater-than-duration", "[CERTIFICATE_EXPIRATION] > 12h", certificate(Duration.ofHours(24)),
            true, "[CERTIFICATE_EXPIRATION] (24h) > 12h"),
        scenario("certificate-expiration-greater-than-duration (failure)", "[CERTIFICATE_EXPIRATION] > 48h",
            certificate(Duration.ofHours(24)), false, "[CERTIFICATE_EXPIRATION] (24h) > 48h"),
        scenario("no-placeholders", "1 == 2", probe().facts(), false, "1 == 2"),
        // Functions: len
        scenario("len-body-jsonpath-complex", "len([BODY].data.name) == 4", body("{\"data\": {\"name\": \"john\"}}"), true,
            "len([BODY].data.name) (4) == 4"),
        scenario("len-body-array", "len([BODY]) == 3", body("[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]"), true,
            "len([BODY]) (3) == 3"),
        scenario("len-body-keyed-array", "len([BODY].data) == 3", body("{\"data\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}"),
            true, "len([BODY].data) (3) == 3"),
        scenario("len-body-array-invalid", "len([BODY].data) == 8", body("{\"name\": \"john.doe\"}"), false,
            "len([BODY].data) (INVALID) == 8"),
        scenario("len-body-string", "len([BODY]) == 8", body("john.doe"), true, "len([BODY]) (8) == 8"),
        scenario("len-body-keyed-string", "len([BODY].name) == 8", body("{\"name\": \"john.doe\"}"), true,
            "len([BODY].name) (8) == 8"),
        scenario("len-body-keyed-int", "len([BODY].age) == 2", body("{\"age\":18}"), true, "len([BODY].age) (2) == 2"),
        scenario("len-body-keyed-bool", "len([BODY].adult) == 4", body("{\"adult\":true}"), true, "len([BODY].adult) (4) == 4"),
        scenario("len-body-object-inside-array", "len([BODY][0]) == 23", body("[{\"age\":18,\"adult\":true}]"), true,
            "len([BODY][0]) (23) == 23"),
        scenario("len-body-object-keyed-int-inside-array", "len([BODY][0].age) == 2", body("[{\"age\":18,\"adult\":true}]"), true,
            "len([BODY][0].age) (2) == 2"),
        scenario("len-body-keyed-bool-inside-array", "len([BODY][0].adult) == 4", body("[{\"age\":18,\"adult\":true}]"), true,
            "len([BODY][0].adult) (4) == 4"),
        scenario("len-body-object", "len([BODY]) == 20", body("{\"name\": \"john.doe\"}"), true, "len([BODY]) (20) == 20"),
        // Functions: pat
        scenario("pat-body-1", "[BODY] == pat(*john*)", body("{\"name\": \"john.doe\"}"), true,
            "[BODY] ({\"name\": \"john.doe\"}) == pat(*john*)"),
        scenario("pat-body-2", "[BODY].name == pat(john*)", body("{\"name\": \"john.doe\"}"), true,
            "[BODY].name (john.doe) == pat(john*)"),
        scenario("pat-body-failure", "[BODY].name == pat(bob*)", body("{\"name\": \"john.doe\"}"), false,
            "[BODY].name (john.doe) == pat(bob*)"),
        scenario("pat-body-html", "[BODY] == pat(*<div id=\"user\">john.doe</div>*)", body(HTML.formatted("john.doe")), true,
            "[BODY] (<!DOCTYPE html><html lang...(truncated)) == pat(*<div id=\"user\">john.doe</div>*)"),
        scenario("pat-body-html-failure", "[BODY] == pat(*<div id=\"user\">john.doe</div>*)", body(HTML.formatted("jane.doe")),
            false, "[BODY] (<!DOCTYPE html><html lang...(truncated)) == pat(*<div id=\"user\">john.doe</div>*)"),
        scenario("pat-body-html-failure-alt", "pat(*<div id=\"user\">john.doe</div>*) == [BODY]", body(HTML.formatted("jane.doe")),
            false, "pat(*<div id=\"user\">john.doe</div>*) == [BODY] (<!DOCTYPE html><html lang...(truncated))"),
        scenario("pat-body-in-array", "[BODY].data == pat(*Whatever*)", body("{\"data\": [\"hello\", \"world\", \"Whatever\"]}"),
            true, "[BODY].data ([hello world Whatever]) == pat(*Whatever*)"),
        scenario("pat-ip", "[IP] == pat(10.*)", probe().withIp("10.0.0.0").facts(), true, "[IP] (10.0.0.0) == pat(10.*)"),
        scenario("pat-ip-failure", "[IP] == pat(10.*)", probe().withIp("255.255.255.255").facts(), false,
            "[IP] (255.255.255.255) == pat(10.*)"),
        scenario("pat-status", "[STATUS] == pat(4*)", status(404), true, "[STATUS] (404) == pat(4*)"),
        scenario("pat-status-failure", "[STATUS] == pat(4*)", status(200), false, "[STATUS] (200) == pat(4*)"),
        // Functions: any
        scenario("any-body-1", "[BODY].name == any(john.doe, jane.doe)", body("{\"name\": \"john.doe\"}"), true,
            "[BODY].name (john.doe) == any(john.doe, jane.doe)"),
        scenario("any-body-2", "[BODY].name == any(john.doe, jane.doe)", body("{\"name\": \"jane.doe\"}"), true,
            "[BODY].name (jane.doe) == any(john.doe, jane.doe)"),
        scenario("any-body-failure", "[BODY].name == any(john.doe, jane.doe)", body("{\"name\": \"bob\"}"), false,
            "[BODY].name (bob) == any(john.doe, jane.doe)"),
        scenario("any-status-1", "[STATUS] == any(200, 429)", status(200), true, "[STATUS] (200) == any(200, 429)"),
        scenario("any-status-2", "[STATUS] == any(200, 429)", status(429), true, "[STATUS] (429) == any(200, 429)"),
        scenario("any-status-reverse", "any(200, 429) == [STATUS]", status(429), true, "any(200, 429) == [STATUS] (429)"),
        scenario("any-status-failure", "[STATUS] == any(200, 429)", status(404), false, "[STATUS] (404) == any(200, 429)"),
        // Functions: has
        scenario("has", "has([BODY].errors) == false", body("{}"), true, "has([BODY].errors) (false) == false"),
        scenario("has-key-of-map", "has([BODY].article) == true",
            body("{\n  \"article\": {\n    \"id\": 123,\n    \"title\": \"Hello, world!\",\n    \"author\": \"John Doe\",\n"
                + "    \"tags\": [\"hello\", \"world\"],\n    \"content\": \"I really like Gatus!\"\n  }\n}"),
            true, "has([BODY].article) (true) == true"),
        scenario("has-failure", "has([BODY].errors) == false", body("{\"errors\": [\"1\"]}"), false,
            "has([BODY].errors) (true) == false"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("gatusEvaluateScenarios")
  void evaluatesAsGatusDoes(String name, String condition, ProbeFacts facts, boolean success, String resolved) {
    ConditionResult result = Condition.parse(condition).evaluate(facts);

    assertThat(result).isEqualTo(new ConditionResult(condition, success, resolved));
  }

  /** Mirrors condition_test.go TestCondition_Validate: everything Gatus accepts is accepted... */
  @ParameterizedTest
  @ValueSource(strings = {
      "[STATUS] == 200", "[STATUS] != 200", "[STATUS] <= 200", "[STATUS] >= 200", "[STATUS] < 200", "[STATUS] > 200",
      "[STATUS] == any(200, 201, 202, 203)", "[STATUS] == [BODY].status", "[CONNECTED] == true", "[RESPONSE_TIME] < 500",
      "[IP] == 127.0.0.1", "[BODY] == 1", "[BODY].test == wat", "[BODY].test.wat == wat", "[BODY].age == [BODY].id",
      "[BODY].users[0].id == 1", "len([BODY].users) == 100", "len([BODY].data) < 5", "has([BODY].errors) == false",
      "has([BODY].users[0].name) == true", "[BODY].name == pat(john*)", "[CERTIFICATE_EXPIRATION] > 48h", "raw == raw"})
  void acceptsWhatGatusAccepts(String condition) {
    assertThat(Condition.parse(condition).text()).isEqualTo(condition);
  }

  /** ...and what it refuses is refused, with the position that Gatus's "invalid condition" did not give. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByGatus")
  void refusesWhatGatusRefuses(String condition, String problem) {
    assertThatThrownBy(() -> Condition.parse(condition))
        .isInstanceOf(ConditionSyntaxException.class)
        .hasMessage(condition + ": " + problem);
  }

  static Stream<Arguments> refusedByGatus() {
    return Stream.of(
        arguments("[STATUS] ? 201", "unknown operator ? at position 9; use ==, !=, <, <=, > or >="),
        arguments("[STATUS]==201", "operator == needs a space on each side at position 8"),
        arguments("[STATUS] = = 201", "unknown operator = at position 9; use ==, !=, <, <=, > or >="),
        arguments("[STATUS] ==", "missing value after == at position 11"),
        arguments("[STATUS]", "missing operator at position 8; use ==, !=, <, <=, > or >="),
        // Gatus's own FIXME: it accepts this, because its validation evaluates against an empty body.
        arguments("len([BODY].users == 100", "len( without closing parenthesis at position 0"));
  }

  /**
   * Mirrors config/endpoint/placeholder_test.go TestResolvePlaceholder and ...WithoutContext:
   * each placeholder and function resolves to the same text. [DOMAIN_EXPIRATION] and [CONTEXT]
   * are Gatus features Statuslog has no facts for; has(), [UNKNOWN], len([UNKNOWN]) and
   * has([UNKNOWN]) are refused when parsed (see ConditionSyntaxTest) instead of resolving to
   * text that can never be meant.
   */
  @ParameterizedTest(name = "{0} resolves to {1}")
  @MethodSource("gatusPlaceholders")
  void resolvesPlaceholdersAsGatusDoes(String placeholder, String expected) {
    ProbeFacts facts = probe()
        .withStatus(200)
        .withIp("127.0.0.1")
        .withResponseTime(Duration.ofMillis(250))
        .withDnsRcode("NOERROR")
        .withCertificateExpiration(Duration.ofDays(30))
        .withBody("{\"status\":\"success\",\"items\":[1,2,3],\"user\":{\"name\":\"john\",\"id\":123}}")
        .facts();
    Operand operand = Condition.parse(placeholder + " == x").left();

    assertThat(new ProbeValues(facts).resolve((Operand.Value) operand)).contains(expected);
  }

  static Stream<Arguments> gatusPlaceholders() {
    return Stream.of(
        arguments("[STATUS]", "200"),
        arguments("[IP]", "127.0.0.1"),
        arguments("[RESPONSE_TIME]", "250"),
        arguments("[DNS_RCODE]", "NOERROR"),
        arguments("[CONNECTED]", "true"),
        arguments("[CERTIFICATE_EXPIRATION]", "2592000000"),
        arguments("[BODY]", "{\"status\":\"success\",\"items\":[1,2,3],\"user\":{\"name\":\"john\",\"id\":123}}"),
        arguments("[status]", "200"),
        arguments("[Ip]", "127.0.0.1"),
        arguments("len([STATUS])", "3"),
        arguments("len([IP])", "9"),
        arguments("has([STATUS])", "true"),
        arguments("[BODY].status", "success"),
        arguments("[BODY].user.name", "john"),
        arguments("[BODY].user.id", "123"),
        arguments("len([BODY].items)", "3"),
        arguments("[BODY].items[0]", "1"),
        arguments("has([BODY].status)", "true"),
        arguments("has([BODY].missing)", "false"),
        arguments("literal", "literal"),
        arguments("123", "123"));
  }

  /**
   * Mirrors jsonpath/jsonpath_test.go TestEval: the value and the length at each path. The cases
   * with a non-numeric or negative index ([wat], [-1]) are refused when parsed here, since they
   * can never find anything (see JsonPathTest).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("gatusJsonPaths")
  void walksJsonAsGatusDoes(String name, String path, String json, String value, String length) {
    ProbeFacts facts = body(json);
    ConditionResult valueResult = Condition.parse("[BODY]" + path + " == x").evaluate(facts);
    ConditionResult lengthResult = Condition.parse("len([BODY]" + path + ") == x").evaluate(facts);

    assertThat(valueResult.resolved()).isEqualTo(value == null ? "[BODY]" + path + " (INVALID) == x" : "[BODY]" + path + " (" + value + ") == x");
    assertThat(lengthResult.resolved()).isEqualTo("len([BODY]" + path + ") (" + length + ") == x");
  }

  static Stream<Arguments> gatusJsonPaths() {
    return Stream.of(
        arguments("simple", ".key", "{\"key\": \"value\"}", "value", "5"),
        arguments("simple-with-invalid-data", ".key", "invalid data", null, "INVALID"),
        arguments("invalid-path", ".key", "{}", null, "INVALID"),
        arguments("long-simple-walk", ".long.simple.walk", "{\"long\": {\"simple\": {\"walk\": \"value\"}}}", "value", "5"),
        arguments("array-of-objects", ".ids[1].id", "{\"ids\": [{\"id\": 1}, {\"id\": 2}]}", "2", "1"),
        arguments("array-of-values", ".ids[0]", "{\"ids\": [1, 2]}", "1", "1"),
        arguments("array-of-values-at-root", "[1]", "[1, 2]", "2", "1"),
        arguments("array-of-objects-at-root", "[0]", "[{\"id\": 1}, {\"id\": 2}]", "{\"id\":1}", "8"),
        arguments("array-of-objects-with-int-at-root", "[0].id", "[{\"id\": 1}, {\"id\": 2}]", "1", "1"),
        arguments("array-of-objects-at-root-and-invalid-index", "[5].id", "[{\"id\": 1}, {\"id\": 2}]", null, "INVALID"),
        arguments("long-walk-and-array", ".data.ids[0].id", "{\"data\": {\"ids\": [{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]}}", "1", "1"),
        arguments("nested-array", "[3][2]", "[[1, 2], [3, 4], [], [5, 6, 7]]", "7", "1"),
        arguments("object-with-nested-arrays", ".data[1][1]", "{\"data\": [[\"a\", \"b\", \"c\"], [\"d\", \"eeeee\", \"f\"]]}", "eeeee", "5"),
        arguments("object-with-arrays-of-objects", ".data[0].apps[1].name",
            "{\"data\": [{\"apps\": [{\"name\":\"app1\"}, {\"name\":\"app2\"}, {\"name\":\"app3\"}]}]}", "app2", "4"),
        arguments("object-with-arrays-of-objects-with-missing-element", ".data[0].apps[1].name", "{\"data\": [{\"apps\": []}]}",
            null, "INVALID"),
        arguments("partially-invalid-path-issue122", ".data.name.invalid", "{\"data\": {\"name\": \"john\"}}", null, "INVALID"),
        arguments("float-as-string", ".balance", "{\"balance\": \"123.40000000000005\"}", "123.40000000000005", "18"),
        arguments("float-as-number", ".balance", "{\"balance\": 123.40000000000005}", "123.40000000000005", "18"));
  }

  /** Mirrors jsonpath_test.go "array-of-values-with-no-path": the whole body's length is its element count. */
  @Test
  void theLengthOfAWholeArrayBodyIsItsElementCount() {
    assertThat(Condition.parse("len([BODY]) == 2").evaluate(body("[1, 2]")).success()).isTrue();
  }

  /** Mirrors pattern/pattern_test.go TestMatch. */
  @ParameterizedTest(name = "pat({0}) on {1} is {2}")
  @MethodSource("gatusPatterns")
  void matchesPatternsAsGatusDoes(String pattern, String value, boolean matches) throws Exception {
    assertThat(Glob.compile(pattern).matches(value)).isEqualTo(matches);
  }

  static Stream<Arguments> gatusPatterns() {
    return Stream.of(
        arguments("*", "livingroom_123", true),
        arguments("**", "livingroom_123", true),
        arguments("living*", "livingroom_123", true),
        arguments("*living*", "livingroom_123", true),
        arguments("*123", "livingroom_123", true),
        arguments("*_*", "livingroom_123", true),
        arguments("living*_*3", "livingroom_123", true),
        arguments("living*room_*3", "livingroom_123", true),
        arguments("*vin*om*2*", "livingroom_123", true),
        arguments("livingroom_123", "livingroom_123", true),
        arguments("*livingroom_123*", "livingroom_123", true),
        arguments("*test*", "\\test", true),
        arguments("livingroom", "livingroom_123", false),
        arguments("livingroom123", "livingroom_123", false),
        arguments("what", "livingroom_123", false),
        arguments("*what*", "livingroom_123", false),
        arguments("*.*", "livingroom_123", false),
        arguments("room*123", "livingroom_123", false));
  }

  private static ProbeFacts millis(long millis) {
    return probe().withResponseTime(Duration.ofMillis(millis)).facts();
  }

  private static ProbeFacts data(String value) {
    return body("{\"data\": \"" + value + "\"}");
  }

  private static ProbeFacts certificate(Duration left) {
    return probe().withCertificateExpiration(left).facts();
  }
}

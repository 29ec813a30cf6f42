package io.statuslog.checker.core.condition;

import static io.statuslog.checker.core.condition.Probe.body;
import static io.statuslog.checker.core.condition.Probe.probe;
import static io.statuslog.checker.core.condition.Probe.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.ProbeFacts;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each part of the language means, beyond the cases Gatus's own tests cover. */
class ConditionTest {

  /** Evaluates and returns "true: resolved" or "false: resolved", so one assertion shows both. */
  private static String evaluate(String condition, ProbeFacts facts) {
    ConditionResult result = Condition.parse(condition).evaluate(facts);
    assertThat(result.condition()).isEqualTo(condition);
    return result.success() + ": " + result.resolved();
  }

  @Nested
  class Placeholders {
    @Test
    void httpStatus() {
      assertThat(evaluate("[STATUS] == 200", status(503))).isEqualTo("false: [STATUS] (503) == 200");
    }

    @Test
    void responseTimeInMilliseconds() {
      ProbeFacts slow = probe().withResponseTime(Duration.ofNanos(812_900_000)).facts();

      assertThat(evaluate("[RESPONSE_TIME] < 500", slow)).isEqualTo("false: [RESPONSE_TIME] (812) < 500");
    }

    @Test
    void bodyIsTrimmed() {
      assertThat(evaluate("[BODY] == UP", body("  UP\n"))).isEqualTo("true: [BODY] (UP) == UP");
    }

    @Test
    void bodyWithAJsonPath() {
      assertThat(evaluate("[BODY].status == UP", body("{\"status\":\"DOWN\"}"))).isEqualTo("false: [BODY].status (DOWN) == UP");
    }

    @Test
    void connected() {
      assertThat(evaluate("[CONNECTED] == true", probe().notConnected().facts())).isEqualTo("false: [CONNECTED] (false) == true");
    }

    @Test
    void certificateExpirationShownAsADuration() {
      ProbeFacts facts = probe().withCertificateExpiration(Duration.ofHours(30)).facts();

      // Gatus shows 30h (formatDuration drops trailing zero units), not Go's 30h0m0s.
      assertThat(evaluate("[CERTIFICATE_EXPIRATION] > 48h", facts)).isEqualTo("false: [CERTIFICATE_EXPIRATION] (30h) > 48h");
    }

    @Test
    void certificateExpirationComparedWithEquality() {
      ProbeFacts facts = probe().withCertificateExpiration(Duration.ofHours(1)).facts();

      // == compares the milliseconds as text or integers, as in Gatus: no duration reading there.
      assertThat(evaluate("[CERTIFICATE_EXPIRATION] == 3600000", facts)).isEqualTo("true: [CERTIFICATE_EXPIRATION] (3600000) == 3600000");
      assertThat(evaluate("[CERTIFICATE_EXPIRATION] == 1h", facts)).isEqualTo("false: [CERTIFICATE_EXPIRATION] (3600000) == 1h");
    }

    @Test
    void dnsResponseCode() {
      ProbeFacts facts = probe().withDnsRcode("NXDOMAIN").facts();

      assertThat(evaluate("[DNS_RCODE] == NOERROR", facts)).isEqualTo("false: [DNS_RCODE] (NXDOMAIN) == NOERROR");
    }

    @Test
    void ip() {
      assertThat(evaluate("[IP] == 10.0.0.1", probe().withIp("10.0.0.1").facts())).isEqualTo("true: [IP] (10.0.0.1) == 10.0.0.1");
    }

    @Test
    void namesAreReadInAnyCaseButPathsKeepTheirs() {
      ProbeFacts facts = body("{\"Status\":\"UP\",\"status\":\"DOWN\"}");

      assertThat(evaluate("[body].Status == UP", facts)).isEqualTo("true: [body].Status (UP) == UP");
      assertThat(evaluate("[Body].status == UP", facts)).isEqualTo("false: [Body].status (DOWN) == UP");
    }

    @Test
    void placeholdersOnBothSides() {
      ProbeFacts facts = probe().withStatus(200).withBody("{\"expected\": 200}").facts();

      assertThat(evaluate("[STATUS] == [BODY].expected", facts)).isEqualTo("true: [STATUS] (200) == [BODY].expected (200)");
    }
  }

  /**
   * A value the probe did not produce resolves to what Gatus resolves its zero value to: 0 for
   * the status and the certificate, empty text for the body, DNS code and IP.
   */
  @Nested
  class ValuesTheProbeDidNotProduce {
    private final ProbeFacts tcp = ProbeFacts.notConnected(Duration.ofMillis(3));

    @Test
    void noStatusIsZero() {
      assertThat(evaluate("[STATUS] == 200", tcp)).isEqualTo("false: [STATUS] (0) == 200");
      assertThat(evaluate("[STATUS] == 0", tcp)).isEqualTo("true: [STATUS] (0) == 0");
      assertThat(evaluate("[STATUS] < 300", tcp)).isEqualTo("true: [STATUS] (0) < 300");
    }

    @Test
    void noBodyIsEmptyText() {
      assertThat(evaluate("[BODY] == UP", tcp)).isEqualTo("false: [BODY] () == UP");
      assertThat(evaluate("len([BODY]) == 0", tcp)).isEqualTo("true: len([BODY]) (0) == 0");
    }

    @Test
    void aJsonPathIntoNoBodyFindsNothing() {
      assertThat(evaluate("[BODY].status == UP", tcp)).isEqualTo("false: [BODY].status (INVALID) == UP");
    }

    @Test
    void noCertificateIsZero() {
      assertThat(evaluate("[CERTIFICATE_EXPIRATION] > 48h", tcp)).isEqualTo("false: [CERTIFICATE_EXPIRATION] (0s) > 48h");
      assertThat(evaluate("[CERTIFICATE_EXPIRATION] == 0", tcp)).isEqualTo("true: [CERTIFICATE_EXPIRATION] (0) == 0");
    }

    @Test
    void noDnsCodeOrIpIsEmptyText() {
      assertThat(evaluate("[DNS_RCODE] == NOERROR", tcp)).isEqualTo("false: [DNS_RCODE] () == NOERROR");
      assertThat(evaluate("[IP] == pat(*)", tcp)).isEqualTo("true: [IP] () == pat(*)");
    }

    /** has() tells a missing value from a zero one; Gatus says true for a missing status, whose "0" is not empty. */
    @Test
    void hasTellsWhetherTheProbeProducedIt() {
      ProbeFacts https = probe().withStatus(200).withCertificateExpiration(Duration.ofDays(3)).withIp("10.0.0.1").facts();

      for (String placeholder : new String[] {"[STATUS]", "[CERTIFICATE_EXPIRATION]", "[IP]", "[DNS_RCODE]", "[BODY]"}) {
        assertThat(evaluate("has(" + placeholder + ") == false", tcp)).startsWith("true: ");
      }
      for (String placeholder : new String[] {"[STATUS]", "[CERTIFICATE_EXPIRATION]", "[IP]", "[RESPONSE_TIME]", "[CONNECTED]"}) {
        assertThat(evaluate("has(" + placeholder + ") == true", https)).startsWith("true: ");
      }
      assertThat(evaluate("has([DNS_RCODE]) == true", probe().withDnsRcode("").facts())).startsWith("false: ");
    }
  }

  @Nested
  class Functions {
    private final ProbeFacts json = body("""
        {"name": "john.doe", "tags": ["a", "b", "c"], "user": {"id": 7, "name": "jo"}, "age": 42, "adult": true,
         "city": "Zürich", "emoji": "\uD83D\uDE00", "empty": "", "nothing": null}""");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "len([BODY].name)  | 8  | a string: its characters",
        "len([BODY].tags)  | 3  | a JSON array: its elements",
        "len([BODY].user)  | 20 | an object: its minified JSON, {\"id\":7,\"name\":\"jo\"}",
        "len([BODY].age)   | 2  | a number: its text",
        "len([BODY].adult) | 4  | a boolean: its text",
        "len([BODY].city)  | 7  | UTF-8 bytes, as Go counts: ü is two",
        "len([BODY].emoji) | 4  | a character outside the BMP is four bytes",
        "len([BODY].empty) | 0  | the empty string",
    })
    void lengthOf(String length, String expected, String why) {
      assertThat(evaluate(length + " == " + expected, json)).as(why).startsWith("true: ");
    }

    @Test
    void lengthOfAMissingValueIsInvalid() {
      assertThat(evaluate("len([BODY].nothing) == 0", json)).isEqualTo("false: len([BODY].nothing) (INVALID) == 0");
      assertThat(evaluate("len([BODY].missing) > 0", json)).isEqualTo("false: len([BODY].missing) (INVALID) > 0");
    }

    @Test
    void lengthOfTheWholeBody() {
      assertThat(evaluate("len([BODY]) == 3", body("[1, [2, 3], {}]"))).isEqualTo("true: len([BODY]) (3) == 3");
      assertThat(evaluate("len([BODY]) == 10", body("  plain text \n"))).isEqualTo("true: len([BODY]) (10) == 10");
      // written like an array but not JSON: its text is counted, as Gatus falls back to
      assertThat(evaluate("len([BODY]) == 5", body("[a b]"))).isEqualTo("true: len([BODY]) (5) == 5");
    }

    @Test
    void lengthOfOtherPlaceholdersIsTheirText() {
      ProbeFacts facts = probe().withStatus(404).withIp("10.0.0.1").facts();

      assertThat(evaluate("len([STATUS]) == 3", facts)).startsWith("true: ");
      assertThat(evaluate("len([IP]) == 8", facts)).startsWith("true: ");
      assertThat(evaluate("len([IP]) > 0", probe().facts())).isEqualTo("false: len([IP]) (0) > 0");
    }

    @Test
    void lengthsOnBothSides() {
      assertThat(evaluate("len([BODY].tags) < len([BODY].name)", json)).isEqualTo("true: len([BODY].tags) (3) < len([BODY].name) (8)");
    }

    @Test
    void hasAJsonPath() {
      assertThat(evaluate("has([BODY].user.id) == true", json)).isEqualTo("true: has([BODY].user.id) (true) == true");
      assertThat(evaluate("has([BODY].errors) == false", json)).isEqualTo("true: has([BODY].errors) (false) == false");
      assertThat(evaluate("has([BODY].empty) == true", json)).as("an empty string is there").startsWith("true: ");
      assertThat(evaluate("has([BODY].nothing) == false", json)).as("null is not, as in Gatus").startsWith("true: ");
      assertThat(evaluate("has([BODY].tags[5]) == false", json)).startsWith("true: ");
      assertThat(evaluate("has([BODY].x) == false", body("not json"))).startsWith("true: ");
    }

    @Test
    void hasOnEitherSideAndBoth() {
      assertThat(evaluate("true == has([BODY].user)", json)).isEqualTo("true: true == has([BODY].user) (true)");
      assertThat(evaluate("has([BODY].user) != has([BODY].errors)", json))
          .isEqualTo("true: has([BODY].user) (true) != has([BODY].errors) (false)");
    }

    @Test
    void patOnEitherSide() {
      assertThat(evaluate("[BODY].name == pat(john.*)", json)).isEqualTo("true: [BODY].name (john.doe) == pat(john.*)");
      assertThat(evaluate("pat(*.doe) == [BODY].name", json)).isEqualTo("true: pat(*.doe) == [BODY].name (john.doe)");
      assertThat(evaluate("[BODY].name != pat(jane*)", json)).isEqualTo("true: [BODY].name (john.doe) != pat(jane*)");
      assertThat(evaluate("pat(john*) != [BODY].name", json)).isEqualTo("false: pat(john*) != [BODY].name (john.doe)");
    }

    @Test
    void patUsesGoGlobSyntax() {
      ProbeFacts facts = probe().withStatus(503).withIp("192.168.1.20").facts();

      assertThat(evaluate("[STATUS] == pat(5??)", facts)).startsWith("true: ");
      assertThat(evaluate("[STATUS] == pat([45]0[0-9])", facts)).startsWith("true: ");
      assertThat(evaluate("[STATUS] == pat([^5]*)", facts)).startsWith("false: ");
      assertThat(evaluate("[IP] == pat(192.168.*)", facts)).startsWith("true: ");
      assertThat(evaluate("[IP] == pat(192.168.?.*)", facts)).startsWith("true: ");
      assertThat(evaluate("[IP] == pat(10.*)", facts)).startsWith("false: ");
    }

    @Test
    void patIgnoresSlashesAsGatusDeletesThem() {
      ProbeFacts facts = body("{\"url\": \"https://example.com/api/health\"}");

      assertThat(evaluate("[BODY].url == pat(https://*/health)", facts)).startsWith("true: ");
      assertThat(evaluate("[BODY].url == pat(*apihealth)", facts)).startsWith("true: ");
    }

    @Test
    void patOnANumberOrABoolean() {
      assertThat(evaluate("[BODY].age == pat(4*)", json)).startsWith("true: ");
      assertThat(evaluate("[BODY].adult == pat(t*)", json)).startsWith("true: ");
    }

    @Test
    void aValueThatIsNotThereMatchesNoPatternNotEvenStar() {
      // Gatus matches its "(INVALID)" text, and "*" matches anything: [BODY].x == pat(*) held there.
      assertThat(evaluate("[BODY].missing == pat(*)", json)).isEqualTo("false: [BODY].missing (INVALID) == pat(*)");
      assertThat(evaluate("[BODY].missing != pat(x)", json)).isEqualTo("false: [BODY].missing (INVALID) != pat(x)");
    }

    @Test
    void anyOnEitherSide() {
      ProbeFacts facts = status(429);

      assertThat(evaluate("[STATUS] == any(200, 429)", facts)).isEqualTo("true: [STATUS] (429) == any(200, 429)");
      assertThat(evaluate("any(200,429) == [STATUS]", facts)).isEqualTo("true: any(200,429) == [STATUS] (429)");
      assertThat(evaluate("[STATUS] != any(200, 429)", facts)).isEqualTo("false: [STATUS] (429) != any(200, 429)");
      assertThat(evaluate("any(500, 503) != [STATUS]", facts)).isEqualTo("true: any(500, 503) != [STATUS] (429)");
    }

    @Test
    void anyComparesTextNotNumbers() {
      // condition.go:147 compares trimmed options as strings, unlike == between two values.
      assertThat(evaluate("[STATUS] == any(0x1AD)", status(429))).startsWith("false: ");
      assertThat(evaluate("[STATUS] == 0x1AD", status(429))).startsWith("true: ");
      assertThat(evaluate("[BODY].name == any(John.Doe)", json)).startsWith("false: ");
    }

    @Test
    void anyWithAnEmptyOptionMatchesEmptyText() {
      assertThat(evaluate("[IP] == any(10.0.0.1, )", probe().facts())).isEqualTo("true: [IP] () == any(10.0.0.1, )");
      assertThat(evaluate("[BODY].empty == any(,x)", json)).startsWith("true: ");
    }

    @Test
    void aMissingValueIsInNoList() {
      assertThat(evaluate("[BODY].missing != any(a, b)", json)).isEqualTo("false: [BODY].missing (INVALID) != any(a, b)");
    }

    /**
     * Functions are read when parsed, never from what a value resolves to: Gatus checks the
     * resolved text for a "pat(" prefix, so a body saying "pat(*)" matched anything there.
     */
    @Test
    void aValueThatLooksLikeAFunctionIsJustText() {
      assertThat(evaluate("[BODY] == 42", body("pat(*)"))).isEqualTo("false: [BODY] (pat(*)) == 42");
      assertThat(evaluate("[BODY].a == [BODY].b", body("{\"a\": \"any(x, y)\", \"b\": \"y\"}"))).startsWith("false: ");
    }

    @Test
    void functionNamesAreReadInAnyCaseAsPlaceholdersAre() {
      assertThat(evaluate("LEN([BODY].tags) == 3", json)).startsWith("true: ");
      assertThat(evaluate("[STATUS] == Any(200, 201)", status(201))).startsWith("true: ");
    }
  }

  @Nested
  class Operators {
    @ParameterizedTest(name = "{1} {0} {2} is {3}")
    @CsvSource({
        "==, 5, 5, true", "==, 5, 6, false",
        "!=, 5, 6, true", "!=, 5, 5, false",
        "<, 4, 5, true", "<, 5, 5, false", "<, 6, 5, false",
        "<=, 5, 5, true", "<=, 4, 5, true", "<=, 6, 5, false",
        ">, 6, 5, true", ">, 5, 5, false", ">, 4, 5, false",
        ">=, 5, 5, true", ">=, 6, 5, true", ">=, 4, 5, false",
        "<, -3, 2, true", ">, -3, -5, true",
    })
    void comparesNumbers(String operator, String left, String right, boolean holds) {
      assertThat(evaluate("[BODY] " + operator + " " + right, body(left))).startsWith(holds + ": ");
    }

    @Test
    void equalityComparesText() {
      assertThat(evaluate("[BODY] == UP", body("UP"))).startsWith("true: ");
      assertThat(evaluate("[BODY] == up", body("UP"))).as("case matters").startsWith("false: ");
      assertThat(evaluate("[BODY] != UP", body("DOWN"))).startsWith("true: ");
      assertThat(evaluate("[BODY].message == hello world", body("{\"message\": \"hello world\"}"))).startsWith("true: ");
    }

    @Test
    void orderingTextThatIsNoNumberCountsAsZero() {
      // condition.go:207-208: Gatus's "default to 0"; shown as the 0 it counted as.
      assertThat(evaluate("[BODY] < 5", body("abc"))).isEqualTo("true: [BODY] (0) < 5");
      assertThat(evaluate("[RESPONSE_TIME] < potato", probe().facts())).isEqualTo("false: [RESPONSE_TIME] (0) < potato (0)");
    }

    /**
     * A JSON path that finds nothing fails the condition whatever the operator. Gatus compares its
     * "(INVALID)" text with != (so a missing status was "!= DOWN") and counts it as 0 with < (so
     * a missing error count was "< 1"): a check passing on a value that is not there.
     */
    @Test
    void aMissingValueFailsEveryOperator() {
      ProbeFacts facts = body("{}");

      for (String operator : new String[] {"==", "!=", "<", "<=", ">", ">="}) {
        assertThat(evaluate("[BODY].errors " + operator + " 1", facts)).isEqualTo("false: [BODY].errors (INVALID) " + operator + " 1");
      }
      assertThat(evaluate("[BODY].a == [BODY].a", facts)).isEqualTo("false: [BODY].a (INVALID) == [BODY].a (INVALID)");
      assertThat(evaluate("has([BODY].errors) == false", facts)).as("the way to say 'absent'").startsWith("true: ");
    }

    @Test
    void aValueMayContainAnOperatorOfLowerPriority() {
      // Gatus splits on the first of == != <= >= > < found, so the rest is the value's text.
      assertThat(evaluate("[BODY].formula == a < b", body("{\"formula\": \"a < b\"}"))).isEqualTo("true: [BODY].formula (a < b) == a < b");
      assertThat(Condition.parse("[BODY].x != 1 > 0").operator()).isEqualTo(Operator.NOT_EQUAL);
    }
  }

  @Nested
  class NumbersAndText {
    @ParameterizedTest(name = "{0} == {1} is {2}")
    @CsvSource({
        "1, 1, true",
        "0x1F, 31, true",
        "0X1f, 31, true",
        "0o17, 15, true",
        "017, 15, true",        // a leading 0 is octal in Go
        "010, 10, false",       // ...so this is 8
        "08, 8, false",         // not octal, not decimal: text, and "08" is not "8"
        "0b101, 5, true",
        "1_000, 1000, true",    // Go allows _ between digits
        "1__000, 1000, false",
        "+5, 5, true",
        "-0, 0, true",
        "1.0, 1, false",        // == compares integers or text, never floats (condition.go:163-170)
        "1.0, 1.0, true",
        "1e3, 1000, false",
        "abc, abc, true",
        "9223372036854775807, 9223372036854775807, true",
        "9223372036854775808, 9223372036854775808, true",   // too large: compared as text, still equal
        "9223372036854775808, 0x8000000000000000, false",
    })
    void equalityReadsIntegersAsGoDoes(String value, String literal, boolean equal) {
      assertThat(evaluate("[BODY] == " + literal, body(value))).startsWith(equal + ": ");
    }

    @ParameterizedTest(name = "{0} > {1} is {2}")
    @CsvSource({
        "1.9, 1, false",        // floats are cut to integers, as Gatus does since v5.3.1: 1 > 1
        "1.9, 0, true",
        "2.5, 2, false",
        "-1.5, -1, false",      // cut toward zero: -1
        "1e3, 999, true",
        "0x10, 15, true",
        "1_000, 999, true",
        "inf, 999999, true",
        "5s, 4999, true",       // a duration counts in milliseconds
        "2m, 119999, true",
    })
    void orderingReadsNumbersAsGatusDoes(String value, String literal, boolean greater) {
      assertThat(evaluate("[BODY] > " + literal, body(value))).startsWith(greater + ": ");
    }

    @Test
    void jsonNumbersBooleansAndStrings() {
      ProbeFacts facts = body("{\"count\": 3, \"ratio\": 0.25, \"ok\": true, \"code\": \"200\", \"big\": 1000000, \"tiny\": 1.5e-7}");

      assertThat(evaluate("[BODY].count == 3", facts)).startsWith("true: ");
      assertThat(evaluate("[BODY].ratio == 0.25", facts)).startsWith("true: ");
      assertThat(evaluate("[BODY].ok == true", facts)).startsWith("true: ");
      assertThat(evaluate("[BODY].code == 200", facts)).as("a string holding a number compares as one").startsWith("true: ");
      assertThat(evaluate("[BODY].code < 300", facts)).startsWith("true: ");
      // Gatus prints float64 1000000 as 1e+06, so == 1000000 failed there.
      assertThat(evaluate("[BODY].big == 1000000", facts)).isEqualTo("true: [BODY].big (1000000) == 1000000");
      assertThat(evaluate("[BODY].tiny == 1.5e-07", facts)).as("Go's form for small fractions").startsWith("true: ");
    }
  }

  @Nested
  class Durations {
    private final ProbeFacts twoDaysLeft = probe().withCertificateExpiration(Duration.ofHours(47).plusMinutes(59).plusSeconds(59)).facts();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[CERTIFICATE_EXPIRATION] > 48h        | false: [CERTIFICATE_EXPIRATION] (47h59m59s) > 48h",
        "[CERTIFICATE_EXPIRATION] > 47h        | true: [CERTIFICATE_EXPIRATION] (47h59m59s) > 47h",
        "[CERTIFICATE_EXPIRATION] > 1h30m      | true: [CERTIFICATE_EXPIRATION] (47h59m59s) > 1h30m",
        "[CERTIFICATE_EXPIRATION] > 90m        | true: [CERTIFICATE_EXPIRATION] (47h59m59s) > 90m (1h30m)",
        "[CERTIFICATE_EXPIRATION] > 1.5h       | true: [CERTIFICATE_EXPIRATION] (47h59m59s) > 1.5h (1h30m)",
        "[CERTIFICATE_EXPIRATION] > 172800000  | false: [CERTIFICATE_EXPIRATION] (47h59m59s) > 172800000",
        "[CERTIFICATE_EXPIRATION] >= 172799000 | true: [CERTIFICATE_EXPIRATION] (47h59m59s) >= 172799000",
        "[CERTIFICATE_EXPIRATION] < 2d         | false: [CERTIFICATE_EXPIRATION] (47h59m59s) < 2d (0)",
    })
    void certificateExpirationAgainstDurationsAndMilliseconds(String condition, String expected) {
      assertThat(evaluate(condition, twoDaysLeft)).isEqualTo(expected);
    }

    @Test
    void anExpiredCertificateHasNegativeTimeLeft() {
      ProbeFacts expired = probe().withCertificateExpiration(Duration.ofHours(-2)).facts();

      assertThat(evaluate("[CERTIFICATE_EXPIRATION] > 0", expired)).isEqualTo("false: [CERTIFICATE_EXPIRATION] (-2h) > 0");
    }

    @Test
    void responseTimeAgainstDurations() {
      ProbeFacts facts = probe().withResponseTime(Duration.ofMillis(450)).facts();

      assertThat(evaluate("[RESPONSE_TIME] < 500ms", facts)).isEqualTo("true: [RESPONSE_TIME] (450) < 500ms");
      assertThat(evaluate("[RESPONSE_TIME] < 0.4s", facts)).isEqualTo("false: [RESPONSE_TIME] (450) < 0.4s (400ms)");
      assertThat(evaluate("[RESPONSE_TIME] > 0", facts)).as("a bare 0 is a number").isEqualTo("true: [RESPONSE_TIME] (450) > 0");
    }
  }

  @Nested
  class Whitespace {
    @ParameterizedTest
    @ValueSource(strings = {"[STATUS] == 200", "  [STATUS]   ==   200  ", "[STATUS]\t==\t200", "[STATUS] ==\t 200", "\n[STATUS] == 200\n"})
    void aroundOperatorsAndValues(String condition) {
      assertThat(Condition.parse(condition).evaluate(status(500)).resolved()).isEqualTo("[STATUS] (500) == 200");
    }

    @Test
    void insideFunctions() {
      ProbeFacts facts = body("{\"data\": [1, 2], \"v\": \" a \"}");

      assertThat(evaluate("len( [BODY].data ) == 2", facts)).startsWith("true: ");
      assertThat(evaluate("has(  [BODY].data) == true", facts)).startsWith("true: ");
      assertThat(evaluate("[STATUS] == any( 200 ,201 )", status(201))).startsWith("true: ");
      // a pattern keeps its spaces, as Gatus does not trim it
      assertThat(evaluate("[BODY].v == pat( a )", facts)).startsWith("true: ");
      assertThat(evaluate("[BODY].v == pat(a)", facts)).startsWith("false: ");
    }

    @Test
    void insideJsonKeys() {
      assertThat(evaluate("[BODY].first name == jo", body("{\"first name\": \"jo\"}"))).isEqualTo("true: [BODY].first name (jo) == jo");
    }
  }

  @Nested
  class ResolvedText {
    @Test
    void aLongValueIsCutAt200Characters() {
      String resolved = Condition.parse("[BODY] == ok").evaluate(body("x".repeat(5_000))).resolved();

      assertThat(resolved).isEqualTo("[BODY] (" + "x".repeat(200) + "...(truncated)) == ok");
    }

    @Test
    void aValueComparedWithAPatternIsCutAt25AsInGatus() {
      String resolved = Condition.parse("[BODY] == pat(*ok*)").evaluate(body("y".repeat(26))).resolved();

      assertThat(resolved).isEqualTo("[BODY] (" + "y".repeat(25) + "...(truncated)) == pat(*ok*)");
      assertThat(Condition.parse("[BODY] == pat(*ok*)").evaluate(body("y".repeat(25))).resolved())
          .isEqualTo("[BODY] (" + "y".repeat(25) + ") == pat(*ok*)");
    }

    @Test
    void aValueIsShownOnOneLine() {
      String resolved = Condition.parse("[BODY] == ok").evaluate(body("line one\nline two\r\n\tend")).resolved();

      assertThat(resolved).isEqualTo("[BODY] (line one line two   end) == ok");
    }

    @Test
    void aConditionWrittenOverTwoLinesResolvesOnOne() {
      assertThat(evaluate("[BODY] == two\nlines", body("x"))).isEqualTo("false: [BODY] (x) == two lines");
    }

    @Test
    void cuttingCountsCharactersNotHalvesOfThem() {
      String emoji = "\uD83D\uDE00";
      String resolved = Condition.parse("[BODY] == ok").evaluate(body(emoji.repeat(201))).resolved();

      assertThat(resolved).isEqualTo("[BODY] (" + emoji.repeat(200) + "...(truncated)) == ok");
    }

    @Test
    void theConditionIsKeptAsWritten() {
      ConditionResult result = Condition.parse("  [STATUS]  ==  200 ").evaluate(status(200));

      assertThat(result.condition()).isEqualTo("  [STATUS]  ==  200 ");
      assertThat(result.resolved()).isEqualTo("[STATUS] (200) == 200");
    }

    @Test
    void aLiteralIsShownWithAValueOnlyWhenItCountsAsSomethingElse() {
      assertThat(evaluate("[STATUS] < 0x1F4", status(404))).isEqualTo("true: [STATUS] (404) < 0x1F4 (500)");
      assertThat(evaluate("[STATUS] == 0x1F4", status(500))).isEqualTo("true: [STATUS] (500) == 0x1F4");
    }
  }

  @Test
  void aConditionIsItsText() {
    assertThat(Condition.parse("[STATUS] == 200")).isEqualTo(Condition.parse("[STATUS] == 200")).hasToString("[STATUS] == 200");
    assertThat(Condition.parse("[STATUS] == 200").hashCode()).isEqualTo("[STATUS] == 200".hashCode());
  }

  @Test
  void aConditionSaysWhetherItReadsTheBody() {
    assertThat(Condition.parse("[STATUS] == 200").readsBody()).isFalse();
    assertThat(Condition.parse("[IP] == pat(10.*)").readsBody()).isFalse();
    assertThat(Condition.parse("[BODY] == UP").readsBody()).isTrue();
    assertThat(Condition.parse("200 == [BODY].status").readsBody()).isTrue();
    assertThat(Condition.parse("len([BODY]) > 0").readsBody()).isTrue();
    assertThat(Condition.parse("has([BODY].x) == true").readsBody()).isTrue();
  }

  @Test
  void aPatternIsCompiledWhenParsed() {
    Operand right = Condition.parse("[BODY] == pat(*ok*)").right();

    assertThat(right).isInstanceOfSatisfying(Operand.Pattern.class, pattern -> assertThat(pattern.glob()).isNotNull());
  }
}

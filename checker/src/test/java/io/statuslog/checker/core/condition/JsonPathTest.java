package io.statuslog.checker.core.condition;

import static io.statuslog.checker.core.condition.Probe.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every form of JSON path, and what it finds in each kind of body. */
class JsonPathTest {
  private static final String JSON = """
      {
        "status": "UP",
        "data": [{"id": 1, "name": "a"}, {"id": 2, "name": "b", "tags": ["x", "y"]}],
        "matrix": [[1, 2], [3, 4, 5]],
        "nested": {"deeper": {"deepest": "here"}},
        "count": 12, "ratio": 0.5, "negative": -7, "ok": true, "off": false, "nothing": null,
        "huge": 123456789012345678901234567890,
        "empty": {}, "none": [],
        "dotted.key": "no", "unicode": "\u00e9t\u00e9", "k\u00e9y": "v"
      }""";

  /** The text [BODY]path resolves to in JSON, or INVALID. */
  private static String at(String path, String json) {
    String resolved = Condition.parse("[BODY]" + path + " == x").evaluate(body(json)).resolved();
    String prefix = "[BODY]" + path + " ";
    assertThat(resolved).startsWith(prefix).endsWith(" == x");
    String value = resolved.substring(prefix.length(), resolved.length() - " == x".length());
    return value.substring(1, value.length() - 1);
  }

  @ParameterizedTest(name = "[BODY]{0} is {1}")
  @CsvSource(delimiter = '|', value = {
      ".status                | UP",
      ".nested.deeper.deepest | here",
      ".data[0].id            | 1",
      ".data[1].name          | b",
      ".data[1].tags[1]       | y",
      ".data.[1].name         | b",
      ".matrix[1][2]          | 5",
      ".count                 | 12",
      ".ratio                 | 0.5",
      ".negative              | -7",
      ".ok                    | true",
      ".off                   | false",
      ".huge                  | 123456789012345678901234567890",
      ".empty                 | {}",
      ".none                  | []",
      ".unicode               | \u00e9t\u00e9",
      ".k\u00e9y              | v",
      ".data[1].tags          | [x y]",
      ".matrix                | [[1 2] [3 4 5]]",
      ".data[0]               | {\"id\":1,\"name\":\"a\"}",
      ".nested                | {\"deeper\":{\"deepest\":\"here\"}}",
  })
  void findsValues(String path, String value) {
    assertThat(at(path, JSON)).isEqualTo(value);
  }

  @ParameterizedTest(name = "[BODY]{0} finds nothing: {1}")
  @CsvSource(delimiter = '|', value = {
      ".missing              | a key that is not there",
      ".nested.missing       | a nested key that is not there",
      ".nothing              | null counts as not there, as in Gatus",
      ".data[2]              | an index past the end",
      ".data[2].id           | a key below an index past the end",
      ".none[0]              | any index of an empty array",
      ".status.length        | a key inside a string",
      ".count.value          | a key inside a number (Gatus answers the number)",
      ".ok.value             | a key inside a boolean (Gatus answers the boolean)",
      ".data.id              | a key on an array (Gatus answers the whole array)",
      ".status[0]            | an index into a string",
      ".nested[0]            | an index into an object",
      ".dotted.key           | a key holding a dot cannot be reached, as in Gatus",
  })
  void findsNothing(String path, String why) {
    assertThat(at(path, JSON)).as(why).isEqualTo("INVALID");
  }

  @Test
  void topLevelArrays() {
    String json = "[{\"id\": 1}, {\"id\": 2, \"roles\": [\"admin\"]}]";

    assertThat(at("[0].id", json)).isEqualTo("1");
    assertThat(at("[1].roles[0]", json)).isEqualTo("admin");
    assertThat(at("[1]", json)).isEqualTo("{\"id\":2,\"roles\":[\"admin\"]}");
    assertThat(at("[2]", json)).isEqualTo("INVALID");
    assertThat(at(".id", json)).as("a key on an array").isEqualTo("INVALID");
  }

  @Test
  void topLevelScalars() {
    assertThat(at(".x", "\"text\"")).as("Gatus answers the string itself").isEqualTo("INVALID");
    assertThat(at(".x", "42")).isEqualTo("INVALID");
    assertThat(at(".x", "null")).isEqualTo("INVALID");
    assertThat(at("[0]", "true")).isEqualTo("INVALID");
  }

  @Test
  void bodiesThatAreNotJson() {
    assertThat(at(".status", "status: UP")).isEqualTo("INVALID");
    assertThat(at(".status", "")).isEqualTo("INVALID");
    assertThat(at(".status", "{\"status\": \"UP\"")).as("cut off").isEqualTo("INVALID");
    assertThat(at(".status", "{\"status\": \"UP\"} trailing")).as("Go refuses what follows the value").isEqualTo("INVALID");
    assertThat(at(".status", "{\"status\": \"UP\"}{}")).isEqualTo("INVALID");
    assertThat(at(".status", "{'status': 'UP'}")).isEqualTo("INVALID");
    assertThat(at(".status", "{\"status\": \"UP\", /* c */ \"x\": 1}")).isEqualTo("INVALID");
  }

  @Test
  void jsonWithSpaceAroundIsJson() {
    assertThat(at(".status", "\n  {\"status\": \"UP\"}  \n")).isEqualTo("UP");
  }

  @Test
  void theLastOfDuplicateKeysWinsAsInGo() {
    assertThat(at(".a", "{\"a\": 1, \"a\": 2}")).isEqualTo("2");
  }

  @Test
  void objectsAreMinifiedWithSortedKeysAndEscapedStrings() {
    assertThat(at(".o", "{\"o\": {\"b\": \"say \\\"hi\\\"\\n\", \"a\": [1, {\"d\": null, \"c\": 1.50}]}}"))
        .isEqualTo("{\"a\":[1,{\"c\":1.5,\"d\":null}],\"b\":\"say \\\"hi\\\"\\n\"}");
  }

  @Test
  void arraysAreWrittenAsGoPrintsThem() {
    assertThat(at(".a", "{\"a\": [\"x y\", 1, 2.5, true, null, {\"k\": \"v\", \"b\": [1]}, []]}"))
        .isEqualTo("[x y 1 2.5 true <nil> map[b:[1] k:v] []]");
  }

  @Test
  void numbersAreWrittenInFullAndFractionsInTheirShortestForm() {
    String json = "{\"a\": 1.0, \"b\": 1e3, \"c\": 1000000, \"d\": 0.1, \"e\": 123.40000000000005, \"f\": 1e-5, \"g\": 0.0001,"
        + " \"h\": 1e21, \"i\": -2.50, \"j\": 0}";

    assertThat(List.of(at(".a", json), at(".b", json), at(".c", json), at(".d", json), at(".e", json), at(".f", json),
            at(".g", json), at(".h", json), at(".i", json), at(".j", json)))
        .containsExactly("1", "1000", "1000000", "0.1", "123.40000000000005", "1e-05", "0.0001", "1e+21", "-2.5", "0");
  }

  @Test
  void parsesEachStepOfAPath() throws Exception {
    assertThat(JsonPath.parse(".data[0].name").steps())
        .containsExactly(new JsonPath.Key("data"), new JsonPath.Index(0), new JsonPath.Key("name"));
    assertThat(JsonPath.parse("[3][2]").steps()).containsExactly(new JsonPath.Index(3), new JsonPath.Index(2));
    assertThat(JsonPath.parse(".[0]").steps()).containsExactly(new JsonPath.Index(0));
    assertThat(JsonPath.parse(".first name").steps()).containsExactly(new JsonPath.Key("first name"));
    assertThat(JsonPath.parse(".data[0].name")).hasToString(".data[0].name");
  }
}

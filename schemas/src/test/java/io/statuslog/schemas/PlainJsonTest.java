package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckType;
import io.statuslog.schemas.json.PlainJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CheckDefinition definition = CheckDefinition.newBuilder()
      .setCheckId("api").setName("API").setComponent(null).setUrl("https://x/health").setIntervalMs(30_000).setTimeoutMs(5_000)
      .setType(CheckType.HTTP).setConditions(List.of("[STATUS] == 200")).setHeaders(Map.of("Accept", "*/*")).setRegions(List.of("eu"))
      .setDegradedAfterMs(2_000L)
      .build();

  @Test
  void aDefinitionIsPlainJsonWithItsSchemasFieldNames() throws Exception {
    ObjectNode json = PlainJson.toJson(definition);

    assertThat(json.path("checkId").asText()).isEqualTo("api");
    assertThat(json.path("type").asText()).isEqualTo("HTTP");
    assertThat(json.path("component").isNull()).isTrue();
    assertThat(json.path("degradedAfterMs").asLong()).as("a union is its value, not {\"long\": ...}").isEqualTo(2_000);
    assertThat(json.path("headers").path("Accept").asText()).isEqualTo("*/*");
    assertThat(JSON.writeValueAsString(json)).startsWith("{\"checkId\":\"api\",\"name\":\"API\",");
  }

  @Test
  void readsBackTheSameDefinitionAndFillsDefaultsForFieldsLeftOut() {
    assertThat(PlainJson.fromJson(PlainJson.toJson(definition), CheckDefinition.class)).isEqualTo(definition);

    ObjectNode older = PlainJson.toJson(definition);
    older.remove(List.of("regions", "graceMs", "pushTokenHash", "method"));
    CheckDefinition read = PlainJson.fromJson(older, CheckDefinition.class);
    assertThat(read.getRegions()).isEmpty();
    assertThat(read.getMethod()).isEqualTo("GET");
  }

  @Test
  void aValueThatDoesNotFitNamesItsField() {
    ObjectNode json = PlainJson.toJson(definition);
    json.put("type", "FTP");

    assertThatThrownBy(() -> PlainJson.fromJson(json, CheckDefinition.class)).hasMessageStartingWith("type: must be one of [HTTP, TCP, DNS, TLS, PUSH]");
  }
}

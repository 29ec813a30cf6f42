package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.catalog.Compatibility;
import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.AgentEvent;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.IncidentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {
  static final List<String> EVENT_TYPES = SchemaCatalog.EVENT_TYPES;

  private final SchemaCatalog catalog = SchemaCatalog.bundled();

  @ParameterizedTest
  @FieldSource("EVENT_TYPES")
  void everyKeptVersionReadsEveryOtherBothWays(String eventType) {
    assertThat(Compatibility.fullTransitive(catalog.versions(eventType))).isEmpty();
  }

  @Test
  void generatedClassesAreTheNewestKeptVersion() {
    Map<String, Schema> generated =
        Map.of(
            "CheckResult", CheckResult.getClassSchema(),
            "CheckDefinition", CheckDefinition.getClassSchema(),
            "IncidentEvent", IncidentEvent.getClassSchema(),
            "AgentEvent", AgentEvent.getClassSchema());
    generated.forEach(
        (type, schema) ->
            assertThat(SchemaNormalization.parsingFingerprint64(schema))
                .as("bump the avro-maven-plugin include for %s to its newest version", type)
                .isEqualTo(SchemaNormalization.parsingFingerprint64(catalog.newest(type))));
  }

  @Test
  void aNewRequiredFieldWithoutDefaultIsRejected() {
    Schema incompatible =
        withField(catalog.newest("CheckResult"), new Schema.Field("probeHost", Schema.create(Schema.Type.STRING)));

    var violations = Compatibility.fullTransitive(append("CheckResult", incompatible));

    assertThat(violations).isNotEmpty();
    assertThat(violations.toString()).contains("probeHost");
  }

  @Test
  void aChangedFieldTypeIsRejected() {
    Schema newest = catalog.newest("CheckDefinition");
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : newest.getFields()) {
      fields.add(
          field.name().equals("intervalMs")
              ? new Schema.Field("intervalMs", Schema.create(Schema.Type.STRING))
              : new Schema.Field(field, field.schema()));
    }
    Schema changed = Schema.createRecord(newest.getName(), null, newest.getNamespace(), false, fields);

    assertThat(Compatibility.fullTransitive(append("CheckDefinition", changed))).isNotEmpty();
  }

  @Test
  void aNewSymbolInAnEnumWithoutDefaultBreaksOldReaders() {
    Schema newest = catalog.newest("IncidentEvent");
    String json = newest.toString().replace("\"OPENED\",\"UPDATED\",\"RESOLVED\"", "\"OPENED\",\"UPDATED\",\"RESOLVED\",\"MERGED\"");
    Schema grown = new Schema.Parser().parse(json);

    assertThat(Compatibility.fullTransitive(append("IncidentEvent", grown))).isNotEmpty();
  }

  private List<Schema> append(String type, Schema next) {
    List<Schema> versions = new ArrayList<>(catalog.versions(type));
    versions.add(next);
    return versions;
  }

  private static Schema withField(Schema schema, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    schema.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
    fields.add(extra);
    return Schema.createRecord(schema.getName(), null, schema.getNamespace(), false, fields);
  }
}

package io.statuslog.schemas.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema version kept in this module, per event type, oldest first. Decoders resolve a
 * record's writer schema by the fingerprint that single-object encoding puts in front of it, so
 * a consumer reads records written by any kept version.
 */
public final class SchemaCatalog {
  /** The event types, by record name; each keeps {@code <name>/v1.avsc .. vN.avsc}. */
  public static final List<String> EVENT_TYPES =
      List.of("CheckResult", "CheckResultBatch", "CheckDefinition", "IncidentEvent", "AgentEvent");

  private static final SchemaCatalog BUNDLED = load();

  private final Map<String, List<Schema>> versionsByType;
  private final SchemaStore.Cache store = new SchemaStore.Cache();

  private SchemaCatalog(Map<String, List<Schema>> versionsByType) {
    this.versionsByType = versionsByType;
    versionsByType.values().stream().flatMap(List::stream).forEach(store::addSchema);
  }

  /** The catalog of the schema files shipped in this jar. */
  public static SchemaCatalog bundled() {
    return BUNDLED;
  }

  /** The versions of one event type, oldest first. */
  public List<Schema> versions(String eventType) {
    List<Schema> versions = versionsByType.get(eventType);
    if (versions == null) {
      throw new IllegalArgumentException("unknown event type " + eventType);
    }
    return versions;
  }

  public Schema newest(String eventType) {
    List<Schema> versions = versions(eventType);
    return versions.getLast();
  }

  public SchemaStore store() {
    return store;
  }

  private static SchemaCatalog load() {
    return new SchemaCatalog(
        EVENT_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(type -> type, SchemaCatalog::loadVersions)));
  }

  private static List<Schema> loadVersions(String eventType) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = eventType + "/v" + version + ".avsc";
      try (InputStream in = SchemaCatalog.class.getResourceAsStream("/io/statuslog/schemas/" + resource)) {
        if (in == null) {
          break;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + resource, e);
      }
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException("no schema versions kept for " + eventType);
    }
    return List.copyOf(versions);
  }

  /** All kept versions of all types, for tools that list them. */
  public Stream<Schema> all() {
    return versionsByType.values().stream().flatMap(List::stream);
  }
}

package io.statuslog.checker.core;

import io.statuslog.schemas.events.CheckDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * What applying a checks file changes on the definitions topic: checks added, checks changed
 * (and which fields), checks removed (they get a tombstone: they leave the page, their history
 * stays in the log). A check is known by its id, so renaming one keeps its history. Pure.
 */
public record DefinitionDiff(List<CheckDefinition> added, List<Changed> changed, List<String> removed) {

  /** A check whose definition changes, and the names of the fields that do. */
  public record Changed(CheckDefinition before, CheckDefinition after, List<String> fields) {}

  public static DefinitionDiff between(Map<String, CheckDefinition> current, List<CheckSpec> wanted) {
    Map<String, CheckDefinition> remaining = new TreeMap<>(current);
    List<CheckDefinition> added = new ArrayList<>();
    List<Changed> changed = new ArrayList<>();
    for (CheckSpec check : wanted) {
      CheckDefinition after = check.toDefinition();
      CheckDefinition before = remaining.remove(check.id());
      if (before == null) {
        added.add(after);
      } else if (!before.equals(after)) {
        changed.add(new Changed(before, after, differingFields(before, after)));
      }
    }
    return new DefinitionDiff(List.copyOf(added), List.copyOf(changed), List.copyOf(remaining.keySet()));
  }

  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }

  /** One line per check, as `checks apply` prints them. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    added.forEach(definition -> lines.add("+ " + definition.getCheckId() + " (" + definition.getType().name().toLowerCase(java.util.Locale.ROOT) + " " + definition.getUrl() + ")"));
    changed.forEach(change -> lines.add("~ " + change.after().getCheckId() + ": " + String.join(", ", change.fields())));
    removed.forEach(id -> lines.add("- " + id));
    return lines;
  }

  public String summary() {
    return added.size() + " added, " + changed.size() + " changed, " + removed.size() + " removed";
  }

  /** The checks file's word for a field of the definition, where the log's differs. */
  private static final Map<String, String> FILE_NAMES = Map.of(
      "checkId", "id",
      "intervalMs", "interval",
      "timeoutMs", "timeout",
      "degradedAfterMs", "degradedAfter",
      "graceMs", "grace",
      "dnsQueryType", "queryType",
      "pushTokenHash", "token");

  /** The fields that differ, named as the checks file names them: the operator wrote those, not the log's. */
  private static List<String> differingFields(CheckDefinition before, CheckDefinition after) {
    List<String> fields = new ArrayList<>();
    for (Schema.Field field : CheckDefinition.getClassSchema().getFields()) {
      if (!Objects.equals(before.get(field.pos()), after.get(field.pos()))) {
        fields.add(field.name().equals("url") ? target(after) : FILE_NAMES.getOrDefault(field.name(), field.name()));
      }
    }
    return fields;
  }

  /** The log keeps every type's target as one URL; the file writes it as the type's own fields. */
  private static String target(CheckDefinition check) {
    return switch (check.getType()) {
      case TCP, TLS -> "host/port";
      case DNS -> "query/resolver";
      default -> "url";
    };
  }
}

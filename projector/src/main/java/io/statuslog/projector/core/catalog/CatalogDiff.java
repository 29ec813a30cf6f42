package io.statuslog.projector.core.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Names every way a real catalog differs from the one expected at its recorded version, in
 * words an operator can act on ("column incidents.severity is missing").
 */
public final class CatalogDiff {
  private CatalogDiff() {}

  public static List<String> between(Catalog expected, Catalog actual) {
    List<String> differences = new ArrayList<>();
    for (var entry : expected.tables().entrySet()) {
      String table = entry.getKey();
      Catalog.Table actualTable = actual.tables().get(table);
      if (actualTable == null) {
        differences.add("table " + table + " is missing");
        continue;
      }
      Catalog.Table expectedTable = entry.getValue();
      compare(differences, "column " + table + ".", expectedTable.columns(), actualTable.columns());
      compare(differences, "constraint " + table + ".", expectedTable.constraints(), actualTable.constraints());
      compare(differences, "index ", expectedTable.indexes(), actualTable.indexes());
    }
    for (String table : actual.tables().keySet()) {
      if (!expected.tables().containsKey(table)) {
        differences.add("table " + table + " is not expected at this version");
      }
    }
    for (String function : expected.functions()) {
      if (!actual.functions().contains(function)) {
        differences.add("function " + function + " is missing");
      }
    }
    for (String function : actual.functions()) {
      if (!expected.functions().contains(function)) {
        differences.add("function " + function + " is not expected at this version");
      }
    }
    return differences;
  }

  private static void compare(List<String> differences, String prefix, Map<String, String> expected, Map<String, String> actual) {
    for (var entry : expected.entrySet()) {
      String found = actual.get(entry.getKey());
      if (found == null) {
        differences.add(prefix + entry.getKey() + " is missing (" + entry.getValue() + ")");
      } else if (!found.equals(entry.getValue())) {
        differences.add(prefix + entry.getKey() + " differs: expected " + entry.getValue() + ", found " + found);
      }
    }
    for (var entry : actual.entrySet()) {
      if (!expected.containsKey(entry.getKey())) {
        differences.add(prefix + entry.getKey() + " is not expected at this version (" + entry.getValue() + ")");
      }
    }
  }
}

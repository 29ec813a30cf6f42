package io.statuslog.schemas.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Full transitive compatibility: every version can read data written by every other version,
 * in both directions. That is what lets old and new binaries share one log forever.
 */
public final class Compatibility {
  private Compatibility() {}

  /** One way a pair of versions fails to read each other; empty list means compatible. */
  public record Violation(int readerVersion, int writerVersion, String reason) {
    @Override
    public String toString() {
      return "v" + readerVersion + " cannot read v" + writerVersion + ": " + reason;
    }
  }

  public static List<Violation> fullTransitive(List<Schema> versions) {
    List<Violation> violations = new ArrayList<>();
    for (int r = 0; r < versions.size(); r++) {
      for (int w = 0; w < versions.size(); w++) {
        if (r == w) {
          continue;
        }
        var result =
            SchemaCompatibility.checkReaderWriterCompatibility(versions.get(r), versions.get(w));
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
          violations.add(
              new Violation(r + 1, w + 1, result.getResult().getIncompatibilities().toString()));
        }
      }
    }
    return violations;
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.catalog.Catalog;
import io.statuslog.projector.core.catalog.CatalogDiff;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogDiffTest {
  private static final Catalog.Table INCIDENTS_V2 =
      new Catalog.Table(Map.of("incident_id", "text not null", "resolved_at", "timestamp with time zone"), Map.of("incidents_pkey", "PRIMARY KEY (incident_id)"), Map.of());
  private static final Catalog.Table INCIDENTS_V3 =
      new Catalog.Table(
          Map.of("incident_id", "text not null", "resolved_at", "timestamp with time zone", "severity", "text not null"),
          Map.of("incidents_pkey", "PRIMARY KEY (incident_id)"),
          Map.of("incidents_unresolved", "CREATE INDEX incidents_unresolved ON incidents USING btree (opened_at DESC) WHERE (resolved_at IS NULL)"));
  private static final Catalog.Table UPDATES =
      new Catalog.Table(Map.of("event_id", "text not null"), Map.of("incident_updates_incident_id_fkey", "FOREIGN KEY (incident_id) REFERENCES incidents(incident_id)"), Map.of());

  @Test
  void sameShapeNoDifferences() {
    Catalog catalog = new Catalog(Map.of("incidents", INCIDENTS_V3), Set.of("add_buckets(a bigint[], b bigint[])"));

    assertThat(CatalogDiff.between(catalog, catalog)).isEmpty();
  }

  @Test
  void theHalfFinishedMigrationIsNamedPieceByPiece() {
    Catalog expected = new Catalog(Map.of("incidents", INCIDENTS_V3, "incident_updates", UPDATES), Set.of());
    Catalog actual = new Catalog(Map.of("incidents", INCIDENTS_V2), Set.of());

    assertThat(CatalogDiff.between(expected, actual))
        .containsExactlyInAnyOrder(
            "table incident_updates is missing",
            "column incidents.severity is missing (text not null)",
            "index incidents_unresolved is missing (CREATE INDEX incidents_unresolved ON incidents USING btree (opened_at DESC) WHERE (resolved_at IS NULL))");
  }

  @Test
  void changedAndUnexpectedObjectsAreNamedToo() {
    Catalog expected = new Catalog(Map.of("incidents", INCIDENTS_V2), Set.of("add_buckets(a bigint[], b bigint[])"));
    Catalog actual =
        new Catalog(
            Map.of("incidents", new Catalog.Table(Map.of("incident_id", "integer not null", "resolved_at", "timestamp with time zone"), INCIDENTS_V2.constraints(), Map.of()),
                "scratch", UPDATES),
            Set.of());

    assertThat(CatalogDiff.between(expected, actual))
        .containsExactlyInAnyOrder(
            "column incidents.incident_id differs: expected text not null, found integer not null",
            "table scratch is not expected at this version",
            "function add_buckets(a bigint[], b bigint[]) is missing");
  }
}

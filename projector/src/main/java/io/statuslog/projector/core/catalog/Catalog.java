package io.statuslog.projector.core.catalog;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shape of one read model schema as PostgreSQL reports it: tables with their columns,
 * constraints and indexes, and functions. Definitions are PostgreSQL's own text
 * ({@code format_type}, {@code pg_get_constraintdef}, {@code pg_get_indexdef}) with the schema
 * name taken out, so two generations compare equal when their shapes are equal.
 */
public record Catalog(Map<String, Table> tables, Set<String> functions) {
  public Catalog {
    tables = new TreeMap<>(tables);
    functions = new TreeSet<>(functions);
  }

  /** One table: column → "type [not null] [default ...]", constraint and index name → definition. */
  public record Table(Map<String, String> columns, Map<String, String> constraints, Map<String, String> indexes) {
    public Table {
      columns = new TreeMap<>(columns);
      constraints = new TreeMap<>(constraints);
      indexes = new TreeMap<>(indexes);
    }
  }
}

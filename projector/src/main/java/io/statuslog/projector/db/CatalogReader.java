package io.statuslog.projector.db;

import io.statuslog.projector.core.catalog.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/** Reads a schema's real catalog from PostgreSQL's system tables. */
public final class CatalogReader {
  /** Flyway's own bookkeeping is not part of the read model's shape. */
  private static final String HISTORY = "flyway_schema_history";

  private CatalogReader() {}

  public static Catalog read(DataSource dataSource, String schema) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return read(connection, schema);
    }
  }

  public static Catalog read(Connection connection, String schema) throws SQLException {
    Function<String, String> unqualified = text -> text == null ? null : text.replace(schema + ".", "");
    Map<String, Map<String, String>> columns = new HashMap<>();
    Map<String, Map<String, String>> constraints = new HashMap<>();
    Map<String, Map<String, String>> indexes = new HashMap<>();
    query(connection, schema,
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)"
            + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
            + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
        row -> {
          String definition = row.getString(3) + (row.getBoolean(4) ? " not null" : "")
              + (row.getString(5) == null ? "" : " default " + unqualified.apply(row.getString(5)));
          columns.computeIfAbsent(row.getString(1), t -> new HashMap<>()).put(row.getString(2), definition);
        });
    query(connection, schema,
        "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid)"
            + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ?",
        row -> constraints.computeIfAbsent(row.getString(1), t -> new HashMap<>()).put(row.getString(2), unqualified.apply(row.getString(3))));
    query(connection, schema,
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = ?",
        row -> indexes.computeIfAbsent(row.getString(1), t -> new HashMap<>()).put(row.getString(2), unqualified.apply(row.getString(3))));
    Set<String> functions = new HashSet<>();
    query(connection, schema,
        "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'"
            + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?",
        row -> functions.add(row.getString(1)));

    Map<String, Catalog.Table> tables = new HashMap<>();
    for (String table : columns.keySet()) {
      if (!table.equals(HISTORY)) {
        tables.put(table, new Catalog.Table(columns.get(table), constraints.getOrDefault(table, Map.of()), indexes.getOrDefault(table, Map.of())));
      }
    }
    return new Catalog(tables, functions);
  }

  private interface RowHandler {
    void accept(ResultSet row) throws SQLException;
  }

  private static void query(Connection connection, String schema, String sql, RowHandler handler) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, schema);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          handler.accept(rows);
        }
      }
    }
  }
}

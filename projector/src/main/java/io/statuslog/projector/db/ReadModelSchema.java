package io.statuslog.projector.db;

import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read model's PostgreSQL schema and its Flyway migrations. Each schema keeps its own
 * history table, so several read models can live side by side in one database.
 */
public final class ReadModelSchema {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModelSchema.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  public static final String MIGRATIONS = "classpath:io/statuslog/projector/db/migration";

  private final String name;

  public ReadModelSchema(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("readModel.schema must be a lower-case SQL identifier, got " + name);
    }
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** {@code schema.table}, safe to splice into SQL because the name was validated. */
  public String table(String table) {
    return name + "." + table;
  }

  /**
   * Applies pending migrations. On PostgreSQL, Flyway runs each migration and its history row in
   * one transaction, so a killed migration leaves no half state behind.
   */
  public void migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .schemas(name)
            .defaultSchema(name)
            .createSchemas(true)
            .locations(MIGRATIONS)
            .load()
            .migrate();
    LOG.info("read model migrated schema={} from={} to={} applied={}", name, result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
  }
}

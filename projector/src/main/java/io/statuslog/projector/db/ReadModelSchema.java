package io.statuslog.projector.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation's PostgreSQL schema and its Flyway migrations. Each schema keeps its own
 * history table, so generations live side by side in one database.
 *
 * <p>A migration whose script contains {@value #REQUIRES_REBUILD} adds a projection that must be
 * derived from the whole log; it is never applied in place to a generation that already holds
 * data, only to a new one built from offset 0.
 */
public final class ReadModelSchema {
  private static final Logger LOG = LoggerFactory.getLogger(ReadModelSchema.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final String LOCATION = "io/statuslog/projector/db/migration";
  public static final String MIGRATIONS = "classpath:" + LOCATION;
  public static final String REQUIRES_REBUILD = "statuslog:requires-rebuild";

  private final String name;

  public ReadModelSchema(String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("read model schema must be a lower-case SQL identifier, got " + name);
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

  /** The newest migration version this code ships. */
  public int newestVersion(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource, name, null).info().all())
        .mapToInt(info -> Integer.parseInt(info.getVersion().getVersion()))
        .max()
        .orElse(0);
  }

  /** The version the schema's history says it is at: 0 when never migrated. */
  public int recordedVersion(DataSource dataSource) {
    MigrationInfo current = flyway(dataSource, name, null).info().current();
    return current == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
  }

  /** A migration the history records as applied that this code does not ship: a newer binary applied it. */
  public record UnknownMigration(int version, String description, Instant installedOn) {}

  /**
   * The oldest migration recorded as applied that this code does not ship, if any. Only
   * successful ones count: a reader goes by the newest successful version, as the web tier does.
   */
  public Optional<UnknownMigration> firstUnknownMigration(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource, name, null).info().all())
        .filter(info -> info.getState() == MigrationState.FUTURE_SUCCESS)
        .min(Comparator.comparing(MigrationInfo::getVersion))
        .map(info -> new UnknownMigration(Integer.parseInt(info.getVersion().getVersion()), info.getDescription(), info.getInstalledOn().toInstant()));
  }

  /** Versions whose migration failed and was recorded as such (Flyway's "dirty" rows). */
  public List<String> failedMigrations(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource, name, null).info().all())
        .filter(info -> info.getState().isFailed())
        .map(info -> "V" + info.getVersion() + " " + info.getDescription())
        .toList();
  }

  /** Migrations this code ships that the schema has not applied. */
  public List<String> pendingMigrations(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource, name, null).info().pending())
        .map(info -> "V" + info.getVersion() + " " + info.getDescription())
        .toList();
  }

  /** Pending migrations that need a rebuild rather than an in-place change. */
  public List<String> pendingRebuilds(DataSource dataSource) {
    return Arrays.stream(flyway(dataSource, name, null).info().pending())
        .filter(info -> requiresRebuild(info.getScript()))
        .map(info -> "V" + info.getVersion() + " " + info.getDescription())
        .toList();
  }

  /** Migrates to the newest version: for a new, empty generation. Answers the version reached. */
  public int migrate(DataSource dataSource) {
    return migrate(dataSource, null);
  }

  /**
   * Migrates to {@code target} (null = newest) and answers the version reached, from Flyway's
   * own result: asking the history again would cost another two connections.
   */
  public int migrate(DataSource dataSource, Integer target) {
    MigrateResult result = flyway(dataSource, name, target).migrate();
    LOG.info("read model migrated schema={} from={} to={} applied={}", name, result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
    return result.targetSchemaVersion == null ? recordedVersion(dataSource) : Integer.parseInt(result.targetSchemaVersion);
  }

  /**
   * Applies the pending migrations that PostgreSQL can apply in one transaction each and that
   * add no projection needing a rebuild, stopping before the first one that does. Flyway on
   * PostgreSQL commits each migration's DDL and its history row together, so a kill leaves the
   * previous version intact, never a half state.
   */
  public int migrateInPlace(DataSource dataSource) {
    Integer target = null;
    for (MigrationInfo pending : flyway(dataSource, name, null).info().pending()) {
      if (requiresRebuild(pending.getScript())) {
        LOG.warn("schema={} stays at its version: V{} ({}) needs a new generation; run `statuslog rebuild`", name, pending.getVersion(), pending.getDescription());
        break;
      }
      target = Integer.parseInt(pending.getVersion().getVersion());
    }
    return target == null ? recordedVersion(dataSource) : migrate(dataSource, target);
  }

  private static boolean requiresRebuild(String script) {
    try (InputStream in = ReadModelSchema.class.getClassLoader().getResourceAsStream(LOCATION + "/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration script " + script + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(REQUIRES_REBUILD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Flyway flyway(DataSource dataSource, String schema, Integer target) {
    return Flyway.configure()
            .dataSource(dataSource)
            .schemas(schema)
            .defaultSchema(schema)
            .createSchemas(true)
            .locations(MIGRATIONS)
            .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target.toString()))
            .load();
  }
}

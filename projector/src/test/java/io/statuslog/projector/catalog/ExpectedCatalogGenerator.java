package io.statuslog.projector.catalog;

import io.statuslog.embedded.EmbeddedPostgresServer;
import io.statuslog.projector.core.catalog.Catalog;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Run by the build (process-test-classes): migrates a scratch schema to each version in turn
 * on a real, throwaway PostgreSQL, reads its catalog, and writes every version's catalog into
 * the projector's classes, where `doctor` finds them.
 *
 * <p>Argument: the output file.
 */
public final class ExpectedCatalogGenerator {
  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    Path scratch = Files.createTempDirectory("statuslog-catalogs-");
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(scratch.resolve("pg"), 0)) {
      DataSource dataSource = Databases.unpooled(postgres.jdbcUrl(), postgres.user(), postgres.password());
      Map<Integer, Catalog> catalogs = new HashMap<>();
      int newest = new ReadModelSchema("catalog_probe").newestVersion(dataSource);
      for (int version = 1; version <= newest; version++) {
        ReadModelSchema schema = new ReadModelSchema("catalog_v" + version);
        schema.migrate(dataSource, version);
        catalogs.put(version, CatalogReader.read(dataSource, schema.name()));
      }
      Files.createDirectories(output.getParent());
      Files.writeString(output, new ExpectedCatalogs(catalogs).toJson());
      System.out.println("expected catalogs for versions 1.." + newest + " written to " + output);
    } finally {
      try (Stream<Path> paths = Files.walk(scratch)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}

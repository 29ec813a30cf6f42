package io.statuslog.projector.core.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog each migration version must produce. The build makes this file by running the
 * migrations, one version at a time, against a real PostgreSQL and reading the result
 * (ExpectedCatalogGenerator in the tests); nobody writes it by hand.
 */
public final class ExpectedCatalogs {
  public static final String RESOURCE = "io/statuslog/projector/catalog/expected-catalogs.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Integer, Catalog> byVersion;

  public ExpectedCatalogs(Map<Integer, Catalog> byVersion) {
    this.byVersion = new TreeMap<>(byVersion);
  }

  public static ExpectedCatalogs bundled() {
    try (InputStream in = ExpectedCatalogs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing: the build generates it (process-test-classes)");
      }
      return new ExpectedCatalogs(JSON.readValue(in, new TypeReference<Map<Integer, Catalog>>() {}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Catalog> at(int version) {
    return Optional.ofNullable(byVersion.get(version));
  }

  /** The newest version this code knows: the newest it can verify, and the newest its web tier reads by default. */
  public int newestVersion() {
    return byVersion.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  public Map<Integer, Catalog> all() {
    return byVersion;
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(byVersion);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

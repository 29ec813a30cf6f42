package io.statuslog.app.cli;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.web.WebConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads the one configuration file every role and operator command takes with {@code -c}.
 * {@code ${VAR}} and {@code ${VAR:-default}} are replaced from the environment. Each role reads
 * only its blocks, but a top-level key no role knows is refused, so a typo never passes
 * silently.
 */
public final class ConfigFiles {
  /** The configuration classes that together define the file's format. */
  public static final List<Class<?>> ROLE_CONFIGURATIONS =
      List.of(CheckerConfiguration.class, ProjectorConfiguration.class, WebConfiguration.class);

  private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

  private ConfigFiles() {}

  public static <T> T load(Path file, Class<T> type) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist");
    }
    SubstitutingSourceProvider source =
        new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false));
    YamlConfigurationFactory<T> factory =
        new YamlConfigurationFactory<>(type, Validators.newValidator(), MAPPER, "dw");
    try {
      rejectUnknownBlocks(file, source);
      return factory.build(source, file.toString());
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage().replaceAll("\\s+", " ").trim(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every top-level key that some role's configuration reads. */
  public static Set<String> knownBlocks() {
    Set<String> keys = new TreeSet<>();
    for (Class<?> type : ROLE_CONFIGURATIONS) {
      JavaType javaType = MAPPER.constructType(type);
      MAPPER.getDeserializationConfig().introspect(javaType).findProperties().stream()
          .map(BeanPropertyDefinition::getName)
          .forEach(keys::add);
    }
    return keys;
  }

  private static void rejectUnknownBlocks(Path file, SubstitutingSourceProvider source) throws IOException {
    JsonNode tree;
    try (var in = source.open(file.toString())) {
      tree = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(in);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(file + ": expected a YAML mapping of configuration blocks");
    }
    Set<String> known = knownBlocks();
    Set<String> unknown = new TreeSet<>();
    tree.fieldNames().forEachRemaining(name -> {
      if (!known.contains(name)) unknown.add(name);
    });
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": unknown configuration block(s) " + unknown + "; known blocks are " + known.stream().collect(Collectors.joining(", ")));
    }
  }
}

package io.statuslog.app.cli;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.statuslog.checker.AgentConfiguration;
import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.config.RequiredFields;
import io.statuslog.schemas.config.YamlDocument;
import io.statuslog.web.WebConfiguration;
import jakarta.validation.ConstraintViolation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads the one configuration file every role and operator command takes with {@code -c}.
 * {@code ${VAR}} and {@code ${VAR:-default}} are replaced from the environment. Each role reads
 * only its blocks, but a top-level key no role knows is refused, so a typo never passes
 * silently. Every problem is one {@link ConfigException} line: file, line, column, the field as
 * written, and the reason.
 */
public final class ConfigFiles {
  /** The configuration classes that together define the file's format. */
  public static final List<Class<?>> ROLE_CONFIGURATIONS =
      List.of(CheckerConfiguration.class, AgentConfiguration.class, ProjectorConfiguration.class, WebConfiguration.class, IngestConfiguration.class);

  private static final ObjectMapper MAPPER = RequiredFields.refuseNothing(Jackson.newObjectMapper());

  private ConfigFiles() {}

  public static <T> T load(Path file, Class<T> type) {
    String name = file.toString();
    String text = substitute(name, YamlDocument.read(file));
    YamlDocument yaml = YamlDocument.parse(name, text);
    rejectUnknownBlocks(yaml);
    // Dropwizard's own factory for it, as the web tier's start uses, which refuses unknown fields.
    ConfigurationFactory<T> factory = new DefaultConfigurationFactoryFactory<T>().create(type, Validators.newValidator(), MAPPER, "dw");
    try {
      return factory.build(path -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    } catch (ConfigurationValidationException e) {
      ConstraintViolation<?> first =
          e.getConstraintViolations().stream().min(Comparator.comparing(violation -> violation.getPropertyPath().toString())).orElseThrow();
      String path = first.getPropertyPath().toString();
      throw yaml.refused(path, path + " " + first.getMessage());
    } catch (ConfigurationParsingException e) {
      if (e.getCause() instanceof JsonMappingException mapping) {
        throw yaml.explain(mapping, MAPPER);
      }
      // Malformed YAML and an empty file were refused by YamlDocument.parse already.
      throw new IllegalStateException(e);
    } catch (ConfigurationException | IOException e) {
      throw new IllegalStateException(e);
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

  private static void rejectUnknownBlocks(YamlDocument yaml) {
    Set<String> known = knownBlocks();
    for (String block : yaml.blocks()) {
      if (!known.contains(block)) {
        throw yaml.problem(block, block + ": unknown configuration block; known blocks are " + String.join(", ", known));
      }
    }
  }

  /**
   * Replaces variables with Dropwizard's substitutor, as the web tier's own start does, but
   * refuses a variable that is unset and has no default instead of passing its name on as the
   * value.
   */
  private static String substitute(String name, String text) {
    AtomicReference<String> unset = new AtomicReference<>();
    EnvironmentVariableSubstitutor substitutor = new EnvironmentVariableSubstitutor(true);
    // The substitutor fails right after looking up the variable it cannot replace.
    substitutor.setVariableResolver(variable -> {
      String value = System.getenv(variable);
      if (value == null) {
        unset.set(variable);
      }
      return value;
    });
    try {
      return substitutor.replace(text);
    } catch (UndefinedEnvironmentVariableException e) {
      throw unsetVariable(name, text, unset.get());
    }
  }

  private static ConfigException unsetVariable(String name, String text, String variable) {
    String expression = "${" + variable + "}";
    int offset = text.indexOf(expression);
    while (offset > 0 && text.charAt(offset - 1) == '$') { // $${X} is written as ${X}, not replaced
      offset = text.indexOf(expression, offset + 1);
    }
    offset = Math.max(offset, 0);
    int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    int column = offset - text.lastIndexOf('\n', offset - 1);
    return YamlDocument.parse(name, text)
        .problemAt(line, column, "environment variable " + variable + " is not set, and " + expression + " gives no default");
  }
}

package io.statuslog.schemas.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A configuration file's YAML with the line and column of every value, so that a problem found
 * later, by Jackson, by a record's constructor or by a validator, is reported where it is
 * written, under its path as written ({@code checker.spoolMaxBytes}, {@code checks[2].interval})
 * and in configuration terms: never a Java class name.
 */
public final class YamlDocument {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final String BLOCK = "a block of settings";
  // Jackson tells a missing required field from other mismatches only in its message.
  private static final String MISSING = "Missing required creator property ";

  private record Location(int line, int column) {
    static Location of(JsonLocation location) {
      return new Location(location.getLineNr(), location.getColumnNr());
    }
  }

  /** A value: where its key is (for a list item, the item itself), where it is, and what it is. */
  private record Node(Location key, Location value, String given) {}

  private final String file;
  private final Map<String, Node> nodes;
  private final List<String> blocks;

  private YamlDocument(String file, Map<String, Node> nodes, List<String> blocks) {
    this.file = file;
    this.nodes = nodes;
    this.blocks = blocks;
  }

  /** The text of a configuration file; one that is missing or unreadable is a {@link ConfigException}. */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), "no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(file.toString(), "permission denied");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read");
    }
  }

  /**
   * Parses {@code text}, named {@code file} in messages. Malformed YAML and an empty document are
   * a {@link ConfigException}.
   */
  public static YamlDocument parse(String file, String text) {
    Map<String, Location> keys = new HashMap<>();
    Map<String, Node> nodes = new HashMap<>();
    List<String> blocks = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Location at = Location.of(parser.currentTokenLocation());
        JsonStreamContext context = parser.getParsingContext();
        if (token == JsonToken.FIELD_NAME) {
          keys.put(path(context), at);
          if (context.getParent().inRoot()) {
            blocks.add(parser.currentName());
          }
        } else if (token.isStructStart() || token.isScalarValue()) {
          // A block or list opens a context of its own; its path is where its parent stands.
          String path = path(token.isStructStart() ? context.getParent() : context);
          nodes.put(path, new Node(keys.getOrDefault(path, at), at, given(parser, token)));
        }
      }
    } catch (JsonProcessingException e) {
      throw malformed(file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!nodes.containsKey("")) {
      throw new ConfigException(file, 1, 1, "the file is empty");
    }
    return new YamlDocument(file, nodes, List.copyOf(blocks));
  }

  /** The top-level keys, in the order written. */
  public List<String> blocks() {
    return blocks;
  }

  /** A problem with the field at {@code path}, reported at its key, or at the nearest block written when it is not. */
  public ConfigException problem(String path, String reason) {
    return at(node(path).key(), reason);
  }

  /**
   * A value refused by the code that reads it (a record's constructor, a validator), whose
   * message names the field it is about: as written ({@code checker.agent must be ...}),
   * relative to {@code path} ({@code url must be ...} about {@code checks[0]}), or not at all.
   */
  public ConfigException refused(String path, String message) {
    String named = message.split(" ", 2)[0];
    if (nodes.containsKey(named)) {
      return at(nodes.get(named).value(), message);
    }
    String relative = join(path, named);
    if (nodes.containsKey(relative)) {
      return at(nodes.get(relative).value(), join(path, message));
    }
    boolean namesPath = path.isEmpty() || named.equals(path) || named.startsWith(path + ".") || named.startsWith(path + "[");
    return problem(path, namesPath ? message : path + ": " + message);
  }

  /** What Jackson could not bind, in configuration terms. */
  public ConfigException explain(JsonMappingException e, ObjectMapper mapper) {
    String path = path(e.getPath());
    boolean missing = Objects.toString(e.getOriginalMessage(), "").startsWith(MISSING);
    return switch (e) {
      case PropertyBindingException unknown ->
          problem(path, path + ": unknown field" + Spelling.closest(unknown.getPropertyName(), unknown.getKnownPropertyIds())
              .map(meant -> " (did you mean " + meant + "?)").orElse("") + "; known fields are " + sorted(unknown.getKnownPropertyIds()));
      case InvalidTypeIdException type -> {
        String known = sorted(subtypes(mapper, type));
        yield type.getTypeId() == null
            ? problem(path, join(path, "type") + " is required; known types are " + known)
            : problem(join(path, "type"), join(path, "type") + ": unknown type \"" + type.getTypeId() + "\"; known types are " + known);
      }
      // A block's constructor refused its values; a scalar's (a duration, a path) refused its text.
      case ValueInstantiationException refused when isBlock(refused.getType().getRawClass()) ->
          refused(path, reason(refused.getCause()));
      case ValueInstantiationException scalar -> wrongType(path, scalar.getType().getRawClass());
      // The path ends with the missing field, so the nearest node written is its block.
      case MismatchedInputException absent when missing -> problem(path, path + " is required");
      case MismatchedInputException mismatch when mismatch.getTargetType() != null -> wrongType(path, mismatch.getTargetType());
      default -> at(node(path).value(), prefixed(path, "not a valid value: " + node(path).given()));
    };
  }

  /**
   * A problem found in the text at {@code line}:{@code column} (an environment variable, say),
   * under the path of the value written there when there is one.
   */
  public ConfigException problemAt(int line, int column, String reason) {
    return nodes.entrySet().stream()
        .filter(entry -> entry.getValue().value().line() == line && entry.getValue().value().column() <= column)
        .max(Comparator.comparingInt(entry -> entry.getValue().value().column()))
        .map(entry -> at(new Location(line, column), prefixed(entry.getKey(), reason)))
        .orElseGet(() -> at(new Location(line, column), reason));
  }

  private ConfigException wrongType(String path, Class<?> type) {
    Node node = node(path);
    return at(node.value(), prefixed(path, "expected " + expected(type) + ", got " + node.given()));
  }

  private ConfigException at(Location location, String reason) {
    return new ConfigException(file, location.line(), location.column(), reason);
  }

  /** The node at {@code path}, or the nearest enclosing one written: a missing field is reported at its block. */
  private Node node(String path) {
    String nearest = path;
    while (!nodes.containsKey(nearest)) {
      nearest = nearest.substring(0, Math.max(0, Math.max(nearest.lastIndexOf('.'), nearest.lastIndexOf('['))));
    }
    return nodes.get(nearest);
  }

  /** A value's type as a person writing the file thinks of it. */
  private static String expected(Class<?> type) {
    if (Set.of(int.class, long.class, short.class, byte.class, Integer.class, Long.class, Short.class, Byte.class, BigInteger.class)
        .contains(type)) {
      return "a whole number";
    }
    if (Set.of(double.class, float.class, Double.class, Float.class, BigDecimal.class).contains(type)) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "text";
    }
    if (Path.class.isAssignableFrom(type)) {
      return "a file path";
    }
    if (type == URI.class || type == URL.class) {
      return "a URL";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    // By simple name: Dropwizard's and java.time's alike, without depending on either here.
    return switch (type.getSimpleName()) {
      case "Duration" -> "a duration such as 500ms, 30s or 5m";
      case "DataSize" -> "a size such as 512KiB or 1GiB";
      default -> BLOCK;
    };
  }

  private static boolean isBlock(Class<?> type) {
    return expected(type).equals(BLOCK);
  }

  private static String given(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> BLOCK;
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "nothing";
      default -> '"' + parser.getText() + '"';
    };
  }

  private static String reason(Throwable refusal) {
    return refusal == null || refusal.getMessage() == null ? "is not valid" : refusal.getMessage();
  }

  private static Collection<String> subtypes(ObjectMapper mapper, InvalidTypeIdException e) {
    DeserializationConfig config = mapper.getDeserializationConfig();
    return mapper.getSubtypeResolver()
        .collectAndResolveSubtypesByTypeId(config, config.introspectClassAnnotations(e.getBaseType()).getClassInfo())
        .stream()
        .map(NamedType::getName)
        .filter(Objects::nonNull)
        .toList();
  }

  private static ConfigException malformed(String file, JsonProcessingException e) {
    // SnakeYAML knows the problem and where it is; the rest of its message quotes the text.
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      // Where the file ended is no help; where the unfinished thing began is (an open quote).
      boolean unfinished = yaml.getProblem().contains("end of stream") && yaml.getContextMark() != null;
      Mark mark = unfinished ? yaml.getContextMark() : yaml.getProblemMark();
      String problem = unfinished ? yaml.getProblem() + " " + yaml.getContext() : plain(yaml.getProblem());
      return new ConfigException(file, mark.getLine() + 1, mark.getColumn() + 1, "malformed YAML: " + problem);
    }
    Location at = e.getLocation() == null ? new Location(1, 1) : Location.of(e.getLocation());
    return new ConfigException(file, at.line(), at.column(), "malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
  }

  /** SnakeYAML's words, but for its commonest problem, which it says in parser tokens. */
  private static String plain(String problem) {
    return problem.contains("<block end>") ? "the indentation does not match the lines above" : problem;
  }

  private static String path(JsonStreamContext context) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String parent = path(context.getParent());
    return context.inArray() ? parent + "[" + context.getCurrentIndex() + "]" : join(parent, context.getCurrentName());
  }

  private static String path(List<JsonMappingException.Reference> references) {
    String path = "";
    for (JsonMappingException.Reference reference : references) {
      path = reference.getFieldName() != null ? join(path, reference.getFieldName()) : path + "[" + reference.getIndex() + "]";
    }
    return path;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String prefixed(String path, String reason) {
    return path.isEmpty() ? reason : path + ": " + reason;
  }

  private static String sorted(Collection<?> names) {
    return names.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
  }
}

package io.statuslog.checker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.util.Duration;
import io.statuslog.checker.core.CheckSpec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checks file (config as code):
 *
 * <pre>
 * checks:
 *   - id: api
 *     name: Public API
 *     component: API
 *     url: https://api.example.com/health
 *     interval: 30s
 *     timeout: 5s
 *     expectedStatus: 200
 *     degradedAfter: 2s
 * </pre>
 */
public final class ChecksFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ChecksFile() {}

  record Entry(
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty("name") String name,
      @JsonProperty("component") String component,
      @JsonProperty(value = "url", required = true) String url,
      @JsonProperty("interval") Duration interval,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("expectedStatus") Integer expectedStatus,
      @JsonProperty("degradedAfter") Duration degradedAfter,
      @JsonProperty("public") Boolean isPublic) {}

  record Document(@JsonProperty(value = "checks", required = true) List<Entry> checks) {}

  /** Reads and validates a checks file; the exception message is one line naming the problem. */
  public static List<CheckSpec> read(Path file) {
    Document document;
    try {
      document = YAML.readValue(Files.readAllBytes(file), Document.class);
    } catch (NoSuchFileException e) {
      throw new InvalidChecksException(file + ": no such file");
    } catch (JsonMappingException e) {
      throw new InvalidChecksException(file + ": " + e.getOriginalMessage() + " at " + e.getPathReference());
    } catch (IOException e) {
      throw new InvalidChecksException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
    }
    if (document == null || document.checks() == null || document.checks().isEmpty()) {
      throw new InvalidChecksException(file + ": no checks defined");
    }
    List<CheckSpec> specs = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Entry entry : document.checks()) {
      try {
        CheckSpec spec = toSpec(entry);
        if (!ids.add(spec.id())) {
          throw new IllegalArgumentException("check id '" + spec.id() + "' is defined twice");
        }
        specs.add(spec);
      } catch (IllegalArgumentException e) {
        throw new InvalidChecksException(file + ": " + e.getMessage());
      }
    }
    return List.copyOf(specs);
  }

  private static CheckSpec toSpec(Entry entry) {
    java.time.Duration interval = entry.interval() == null ? java.time.Duration.ofSeconds(30) : entry.interval().toJavaDuration();
    java.time.Duration timeout =
        entry.timeout() == null ? min(interval, java.time.Duration.ofSeconds(10)) : entry.timeout().toJavaDuration();
    URI url;
    try {
      url = URI.create(entry.url());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("check " + entry.id() + ": url is not a URL: " + entry.url());
    }
    return new CheckSpec(
        entry.id(),
        entry.name(),
        Optional.ofNullable(entry.component()),
        url,
        interval,
        timeout,
        entry.expectedStatus() == null ? 200 : entry.expectedStatus(),
        Optional.ofNullable(entry.degradedAfter()).map(Duration::toJavaDuration),
        entry.isPublic() == null || entry.isPublic());
  }

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A checks file that cannot be used; the message says why in one line. */
  public static final class InvalidChecksException extends RuntimeException {
    public InvalidChecksException(String message) {
      super(message);
    }
  }
}

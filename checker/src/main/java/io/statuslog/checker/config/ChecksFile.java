package io.statuslog.checker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.util.Duration;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.config.RequiredFields;
import io.statuslog.schemas.config.YamlDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
      RequiredFields.refuseNothing(new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

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

  /**
   * Reads and validates a checks file. A problem is a {@link ConfigException} of one line: file,
   * line, column, field and reason ({@code checks.yml:9:15: checks[2].interval: ...}).
   */
  public static List<CheckSpec> read(Path file) {
    String text = YamlDocument.read(file);
    YamlDocument yaml = YamlDocument.parse(file.toString(), text);
    Document document;
    try {
      document = YAML.readValue(text, Document.class);
    } catch (JsonMappingException e) {
      throw yaml.explain(e, YAML);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the text parsed as YAML above
    }
    if (document.checks().isEmpty()) {
      throw yaml.problem("checks", "checks: no checks defined");
    }
    List<CheckSpec> specs = new ArrayList<>();
    Map<String, Integer> indexById = new HashMap<>();
    for (int i = 0; i < document.checks().size(); i++) {
      String path = "checks[" + i + "]";
      CheckSpec spec;
      try {
        spec = toSpec(document.checks().get(i));
      } catch (IllegalArgumentException e) {
        throw yaml.refused(path, e.getMessage());
      }
      Integer first = indexById.putIfAbsent(spec.id(), i);
      if (first != null) {
        throw yaml.refused(path, "id \"" + spec.id() + "\" is already the id of checks[" + first + "]");
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private static CheckSpec toSpec(Entry entry) {
    java.time.Duration interval = entry.interval() == null ? java.time.Duration.ofSeconds(30) : entry.interval().toJavaDuration();
    java.time.Duration timeout =
        entry.timeout() == null ? min(interval, java.time.Duration.ofSeconds(10)) : entry.timeout().toJavaDuration();
    URI url;
    try {
      url = new URI(entry.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a URL: " + entry.url());
    }
    Target.Http target = new Target.Http(url, "GET", Map.of(), Optional.empty(), true, 10, true, false,
        entry.expectedStatus() == null ? 200 : entry.expectedStatus(),
        Optional.ofNullable(entry.degradedAfter()).map(Duration::toJavaDuration));
    return new CheckSpec(entry.id(), entry.name(), Optional.ofNullable(entry.component()), interval, timeout,
        entry.isPublic() == null || entry.isPublic(), List.of(), target, List.of(), List.of());
  }

  private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

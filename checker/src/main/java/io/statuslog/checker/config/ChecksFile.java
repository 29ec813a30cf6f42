package io.statuslog.checker.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.util.Duration;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Target.DnsQueryType;
import io.statuslog.checker.core.condition.Condition;
import io.statuslog.checker.core.condition.ConditionSyntaxException;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.config.RequiredFields;
import io.statuslog.schemas.config.YamlDocument;
import io.statuslog.schemas.secret.SecretToken;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The checks file (config as code). {@code type} says what is probed; {@code http} is the
 * default. Every check takes id, name, component, interval and public; every probed check (all
 * but push) also timeout, regions, conditions and degradedConditions; each type takes its own
 * fields:
 *
 * <pre>
 * checks:
 *   - id: api
 *     name: Public API
 *     component: API
 *     url: https://api.example.com/health      # http: method, headers, body, followRedirects,
 *     conditions: ["[BODY].status == UP"]      #   maxRedirects, verifyTls, reuseConnections,
 *     degradedConditions: ["[RESPONSE_TIME] < 500"]   # expectedStatus, degradedAfter
 *   - id: db
 *     type: tcp                                # tcp: host, port, send, expect
 *     host: db.internal
 *     port: 5432
 *   - id: dns
 *     type: dns                                # dns: query, queryType, resolver (host or host:port)
 *     query: example.com
 *     queryType: A
 *   - id: cert
 *     type: tls                                # tls: host, port (443), degradedBelow, downBelow
 *     host: example.com
 *     degradedBelow: 14d
 *   - id: backup
 *     type: push                               # push: grace (default: the interval), token
 *     interval: 1d                             #   (optional: `checks apply` issues one and prints
 *     grace: 1h                                #   the push URL once; a re-apply keeps it)
 * </pre>
 *
 * <p>The whole file is checked before anything uses it, conditions included (a condition that
 * does not parse is named with its check and the position), and every problem is reported, one
 * line each: file, line, column, field and reason. A file with any problem is refused whole.
 */
public final class ChecksFile {
  private static final ObjectMapper YAML =
      RequiredFields.refuseNothing(new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
  private static final java.time.Duration DEFAULT_INTERVAL = java.time.Duration.ofSeconds(30);
  private static final java.time.Duration LONGEST_DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(10);

  /** The fields of each type besides those every check takes. */
  private static final Map<String, Set<String>> TYPE_FIELDS = Map.of(
      "http", Set.of("url", "method", "headers", "body", "followRedirects", "maxRedirects", "verifyTls", "reuseConnections", "expectedStatus", "degradedAfter"),
      "tcp", Set.of("host", "port", "send", "expect"),
      "dns", Set.of("query", "queryType", "resolver"),
      "tls", Set.of("host", "port", "degradedBelow", "downBelow"),
      "push", Set.of("grace", "token"));

  /** A push token written in the file: long enough not to be guessed, and safe in a URL path as it is. */
  private static final java.util.regex.Pattern PUSH_TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{16,128}");

  private ChecksFile() {}

  record Entry(
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty("name") String name,
      @JsonProperty("component") String component,
      @JsonProperty("type") String type,
      @JsonProperty("interval") Duration interval,
      @JsonProperty("timeout") Duration timeout,
      @JsonProperty("public") Boolean isPublic,
      @JsonProperty("regions") List<String> regions,
      @JsonProperty("conditions") List<String> conditions,
      @JsonProperty("degradedConditions") List<String> degradedConditions,
      @JsonProperty("url") String url,
      @JsonProperty("method") String method,
      @JsonProperty("headers") Map<String, String> headers,
      @JsonProperty("body") String body,
      @JsonProperty("followRedirects") Boolean followRedirects,
      @JsonProperty("maxRedirects") Integer maxRedirects,
      @JsonProperty("verifyTls") Boolean verifyTls,
      @JsonProperty("reuseConnections") Boolean reuseConnections,
      @JsonProperty("expectedStatus") Integer expectedStatus,
      @JsonProperty("degradedAfter") Duration degradedAfter,
      @JsonProperty("host") String host,
      @JsonProperty("port") Integer port,
      @JsonProperty("send") String send,
      @JsonProperty("expect") String expect,
      @JsonProperty("query") String query,
      @JsonProperty("queryType") String queryType,
      @JsonProperty("resolver") String resolver,
      @JsonProperty("degradedBelow") Duration degradedBelow,
      @JsonProperty("downBelow") Duration downBelow,
      @JsonProperty("grace") Duration grace,
      @JsonProperty("token") String token) {

    /** The fields written for this check, by name, for telling which do not belong to its type. */
    Map<String, Object> written() {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("url", url);
      fields.put("method", method);
      fields.put("headers", headers);
      fields.put("body", body);
      fields.put("followRedirects", followRedirects);
      fields.put("maxRedirects", maxRedirects);
      fields.put("verifyTls", verifyTls);
      fields.put("reuseConnections", reuseConnections);
      fields.put("expectedStatus", expectedStatus);
      fields.put("degradedAfter", degradedAfter);
      fields.put("host", host);
      fields.put("port", port);
      fields.put("send", send);
      fields.put("expect", expect);
      fields.put("query", query);
      fields.put("queryType", queryType);
      fields.put("resolver", resolver);
      fields.put("degradedBelow", degradedBelow);
      fields.put("downBelow", downBelow);
      fields.put("grace", grace);
      fields.put("token", token);
      fields.values().removeIf(value -> value == null);
      return fields;
    }
  }

  /** A checks file that cannot be used: every problem, one line each. */
  public static final class InvalidChecksFile extends IllegalArgumentException {
    private final List<String> problems;

    InvalidChecksFile(List<String> problems) {
      super(String.join(System.lineSeparator(), problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * Reads and validates a checks file.
   *
   * @throws InvalidChecksFile listing every problem, or a {@link ConfigException} when the file
   *     is missing or is not YAML at all
   */
  public static List<CheckSpec> read(Path file) {
    return read(file, ChecksFile::conditionProblem);
  }

  /** What is wrong with a condition, said as the condition language says it, if anything. */
  private static Optional<String> conditionProblem(String condition) {
    try {
      Condition.parse(condition);
      return Optional.empty();
    } catch (ConditionSyntaxException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** As {@link #read(Path)}, with each condition checked too: the function says what is wrong with one, if anything. */
  public static List<CheckSpec> read(Path file, Function<String, Optional<String>> conditionProblem) {
    String text = YamlDocument.read(file);
    YamlDocument yaml = YamlDocument.parse(file.toString(), text);
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // the text parsed as YAML above
    }
    List<String> problems = new ArrayList<>();
    root.fieldNames().forEachRemaining(name -> {
      if (!name.equals("checks")) {
        problems.add(yaml.problem(name, name + ": unknown field; the file holds one list, checks").getMessage());
      }
    });
    JsonNode checks = root.get("checks");
    if (checks == null) {
      problems.add(yaml.problem("checks", "checks is required").getMessage());
      throw new InvalidChecksFile(problems);
    }
    if (!checks.isArray()) {
      throw yaml.problem("checks", "checks: expected a list, got " + (checks.isNull() ? "nothing" : checks.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    if (checks.isEmpty()) {
      throw yaml.problem("checks", "checks: no checks defined");
    }
    List<CheckSpec> specs = new ArrayList<>();
    Map<String, Integer> indexById = new HashMap<>();
    Map<String, Integer> indexByToken = new HashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      String path = "checks[" + i + "]";
      JsonNode check = checks.get(i);
      List<String> found = new ArrayList<>();
      // Told from the check as written, so a check with a wrongly typed field is still compared.
      String id = check.path("id").isTextual() ? check.path("id").asText() : null;
      Integer first = id == null ? null : indexById.putIfAbsent(id, i);
      if (first != null) {
        found.add(yaml.refused(path, "id \"" + id + "\" is already the id of checks[" + first + "]").getMessage());
      }
      String token = check.path("token").isTextual() ? check.path("token").asText() : null;
      Integer sharing = token == null ? null : indexByToken.putIfAbsent(token, i);
      if (sharing != null) {
        found.add(yaml.refused(path, "token is already the token of checks[" + sharing + "]: a heartbeat must name one check").getMessage());
      }
      Optional<Entry> read = readEntry(checks, i, root, yaml, found);
      if (read.isEmpty()) {
        // Its conditions are still checked, so one pass names every problem the file has.
        checkConditions(path + ".conditions", textList(check.path("conditions")), yaml, conditionProblem, found);
        checkConditions(path + ".degradedConditions", textList(check.path("degradedConditions")), yaml, conditionProblem, found);
        problems.addAll(found);
        continue;
      }
      Entry entry = read.get();
      Optional<CheckSpec> spec = toSpec(entry, path, yaml, conditionProblem, found);
      problems.addAll(found);
      spec.filter(sound -> found.isEmpty()).ifPresent(specs::add);
    }
    if (!problems.isEmpty()) {
      throw new InvalidChecksFile(problems);
    }
    return List.copyOf(specs);
  }

  /**
   * One check's fields, or every field of the wrong kind in it: Jackson stops at the first, so
   * each one found is set aside and the rest read again.
   */
  private static Optional<Entry> readEntry(JsonNode checks, int i, JsonNode root, YamlDocument yaml, List<String> problems) {
    if (!checks.get(i).isObject()) {
      problems.add(yaml.problem("checks[" + i + "]", "checks[" + i + "]: not a check").getMessage());
      return Optional.empty();
    }
    ObjectNode remaining = checks.get(i).deepCopy();
    boolean wrong = false;
    while (true) {
      try {
        Entry entry = YAML.treeToValue(remaining, Entry.class);
        return wrong ? Optional.empty() : Optional.of(entry);
      } catch (JsonMappingException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        e.prependPath(checks, i);
        e.prependPath(root, "checks");
        problems.add(yaml.explain(e, YAML).getMessage());
        if (field == null || remaining.remove(field) == null) {
          return Optional.empty();
        }
        wrong = true;
      } catch (JsonProcessingException e) {
        problems.add(yaml.problem("checks[" + i + "]", "checks[" + i + "]: not a check").getMessage());
        return Optional.empty();
      }
    }
  }

  private static Optional<CheckSpec> toSpec(
      Entry entry, String path, YamlDocument yaml, Function<String, Optional<String>> conditionProblem, List<String> problems) {
    String type = entry.type() == null ? "http" : entry.type().strip().toLowerCase(Locale.ROOT);
    if (!TYPE_FIELDS.containsKey(type)) {
      problems.add(yaml.refused(path, "type must be one of dns, http, push, tcp, tls, got \"" + entry.type() + "\"").getMessage());
      return Optional.empty();
    }
    for (String field : entry.written().keySet()) {
      if (!TYPE_FIELDS.get(type).contains(field)) {
        problems.add(yaml.problem(path + "." + field, path + "." + field + ": not a field of a " + type + " check; its fields are "
            + new TreeSet<>(TYPE_FIELDS.get(type))).getMessage());
      }
    }
    List<String> conditions = new ArrayList<>(entry.conditions() == null ? List.of() : entry.conditions());
    List<String> degradedConditions = new ArrayList<>(entry.degradedConditions() == null ? List.of() : entry.degradedConditions());
    int before = problems.size();
    if (type.equals("push")) {
      refuseProbing(entry, path, yaml, problems);
    } else {
      checkConditions(path + ".conditions", conditions, yaml, conditionProblem, problems);
      checkConditions(path + ".degradedConditions", degradedConditions, yaml, conditionProblem, problems);
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      Target target = switch (type) {
        case "tcp" -> new Target.Tcp(entry.host(), required(entry.port(), "port"), Optional.ofNullable(entry.send()), Optional.ofNullable(entry.expect()));
        case "dns" -> dns(entry);
        case "push" -> push(entry);
        case "tls" -> {
          if (entry.downBelow() != null && entry.degradedBelow() != null
              && entry.downBelow().toJavaDuration().compareTo(entry.degradedBelow().toJavaDuration()) > 0) {
            throw new IllegalArgumentException("downBelow (" + entry.downBelow() + ") is more than degradedBelow (" + entry.degradedBelow()
                + "): a certificate is degraded before it is down, so degradedBelow is the larger");
          }
          // Thresholds are conditions on the time left, so the page says which one failed.
          Optional.ofNullable(entry.downBelow()).ifPresent(below -> conditions.add("[CERTIFICATE_EXPIRATION] > " + hours(below)));
          Optional.ofNullable(entry.degradedBelow()).ifPresent(below -> degradedConditions.add("[CERTIFICATE_EXPIRATION] > " + hours(below)));
          yield new Target.Tls(entry.host(), entry.port() == null ? 443 : entry.port());
        }
        default -> new Target.Http(url(entry.url()), entry.method(), entry.headers(), Optional.ofNullable(entry.body()),
            entry.followRedirects() == null || entry.followRedirects(), entry.maxRedirects() == null ? 10 : entry.maxRedirects(),
            entry.verifyTls() == null || entry.verifyTls(), entry.reuseConnections() != null && entry.reuseConnections(),
            entry.expectedStatus() == null ? 200 : entry.expectedStatus(), Optional.ofNullable(entry.degradedAfter()).map(Duration::toJavaDuration));
      };
      java.time.Duration interval = entry.interval() == null ? DEFAULT_INTERVAL : entry.interval().toJavaDuration();
      if (target instanceof Target.Push push && entry.grace() == null) {
        target = new Target.Push(push.url(), interval, push.tokenHash()); // a heartbeat may be one interval late
      }
      java.time.Duration timeout = entry.timeout() == null
          ? (interval.compareTo(LONGEST_DEFAULT_TIMEOUT) < 0 ? interval : LONGEST_DEFAULT_TIMEOUT)
          : entry.timeout().toJavaDuration();
      return Optional.of(new CheckSpec(entry.id(), entry.name(), Optional.ofNullable(entry.component()), interval, timeout,
          entry.isPublic() == null || entry.isPublic(), entry.regions(), target, conditions, degradedConditions));
    } catch (IllegalArgumentException e) {
      problems.add(yaml.refused(path, e.getMessage()).getMessage());
      return Optional.empty();
    }
  }

  /** The strings of a list as written; anything else in it, or a list that is not one, is named by the typed read. */
  private static List<String> textList(JsonNode list) {
    List<String> texts = new ArrayList<>();
    if (list.isArray()) {
      list.forEach(item -> texts.add(item.isTextual() ? item.asText() : null));
    }
    return texts.contains(null) ? List.of() : texts;
  }

  private static void checkConditions(
      String path, List<String> conditions, YamlDocument yaml, Function<String, Optional<String>> conditionProblem, List<String> problems) {
    for (int i = 0; i < conditions.size(); i++) {
      String item = path + "[" + i + "]";
      String condition = conditions.get(i);
      if (condition == null || condition.isBlank()) {
        problems.add(yaml.problem(item, item + ": expected a condition such as [STATUS] == 200, got nothing").getMessage());
        continue;
      }
      conditionProblem.apply(condition).ifPresent(problem -> problems.add(yaml.problem(item, item + ": " + problem).getMessage()));
    }
  }

  /**
   * What only a probe uses, refused on a push check rather than kept unused: nothing probes it,
   * its job says up or down with each heartbeat. An empty list changes nothing and is let be.
   */
  private static void refuseProbing(Entry entry, String path, YamlDocument yaml, List<String> problems) {
    Map<String, Object> probing = new LinkedHashMap<>();
    probing.put("timeout", entry.timeout());
    probing.put("regions", entry.regions());
    probing.put("conditions", entry.conditions());
    probing.put("degradedConditions", entry.degradedConditions());
    probing.forEach((field, value) -> {
      if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
        problems.add(yaml.problem(path + "." + field, path + "." + field
            + ": not a field of a push check: nothing probes it, its job says up or down with each heartbeat").getMessage());
      }
    });
  }

  /** The token's hash only: the token itself goes no further than this file. */
  private static Target.Push push(Entry entry) {
    if (entry.token() != null && !PUSH_TOKEN.matcher(entry.token()).matches()) {
      throw new IllegalArgumentException("token must be 16-128 characters of letters, digits, '.', '_', '~' or '-'"
          + "; leave it out and 'statuslog checks apply' issues one");
    }
    java.time.Duration grace = entry.grace() == null ? java.time.Duration.ZERO : entry.grace().toJavaDuration();
    return new Target.Push(Target.Push.urlOf(entry.id()), grace, Optional.ofNullable(entry.token()).map(SecretToken::hash));
  }

  private static Target.Dns dns(Entry entry) {
    DnsQueryType queryType = entry.queryType() == null ? DnsQueryType.A : DnsQueryType.parse(entry.queryType());
    if (entry.resolver() == null) {
      return new Target.Dns(entry.query(), queryType, Optional.empty(), 53);
    }
    URI resolver = URI.create("dns://" + entry.resolver().strip());
    if (resolver.getHost() == null) {
      throw new IllegalArgumentException("resolver must be a host or host:port, got " + entry.resolver());
    }
    return new Target.Dns(entry.query(), queryType, Optional.of(resolver.getHost()), resolver.getPort() < 0 ? 53 : resolver.getPort());
  }

  private static URI url(String url) {
    if (url == null) {
      throw new IllegalArgumentException("url is required for an http check");
    }
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is not a URL: " + url);
    }
  }

  private static int required(Integer value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  private static String hours(Duration duration) {
    return duration.toJavaDuration().toHours() + "h";
  }
}

package io.statuslog.checker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.checker.core.Target;
import io.statuslog.checker.core.Target.DnsQueryType;
import io.statuslog.checker.core.condition.Condition;
import io.statuslog.checker.core.condition.ConditionSyntaxException;
import io.statuslog.schemas.config.ConfigException;
import io.statuslog.schemas.config.YamlDocument;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Converts a Gatus configuration into a Statuslog checks file: text in, checks file and warnings
 * out, nothing read or written here. Every check is built as a {@link CheckSpec}, so a value
 * Statuslog would refuse is found here, per endpoint, and the file printed is one {@link
 * ChecksFile#read} accepts. What cannot be carried over is never a failure: it is left out and
 * said in one warning line, {@code endpoint "<group>/<name>": <what> was not converted (<why>)}
 * ({@code "<name>"} when the endpoint has no group), or {@code top-level "<key>": ...} for a
 * block of the configuration outside the endpoints. A condition Statuslog adds that the endpoint
 * lacked is said as {@code endpoint "<name>": "<condition>" is added (<why>)}.
 *
 * <p>Each endpoint, by Gatus's own rules ({@code config/endpoint/endpoint.go}, {@code
 * client/config.go}):
 *
 * <table>
 * <tr><th>Gatus</th><th>Statuslog</th></tr>
 * <tr><td>{@code group} + {@code name}</td><td>{@code id}: each lower-cased, accents dropped, every
 *     run of other characters than a-z, 0-9 and '.' made one '-', joined by '_' (group first, as
 *     Gatus's own key does), cut to 64 and made unique with -2, -3...; {@code name} as the name,
 *     {@code group} as the {@code component}</td></tr>
 * <tr><td>{@code enabled: false}</td><td>skipped, with a warning</td></tr>
 * <tr><td>{@code url: http(s)://...}</td><td>an http check: {@code method}, {@code headers},
 *     {@code body} as they are; {@code [ENDPOINT_NAME]}, {@code [ENDPOINT_GROUP]} and {@code
 *     [ENDPOINT_URL]} in the body filled in as Gatus would; {@code graphql: true} writes the body
 *     Gatus sends, {@code {"query": body}}, with {@code Content-Type: application/json} unless a
 *     content type is set</td></tr>
 * <tr><td>{@code url: tcp://host:port}</td><td>a tcp check; {@code body} is {@code send}</td></tr>
 * <tr><td>{@code url: tls://host:port}</td><td>a tls check ({@code body} is not converted)</td></tr>
 * <tr><td>a {@code dns} block</td><td>a dns check: {@code dns.query-name} is {@code query}, {@code
 *     dns.query-type} is {@code queryType} (A, AAAA, CNAME, MX, TXT, NS; any other type skips the
 *     endpoint), {@code url} is the {@code resolver}</td></tr>
 * <tr><td>{@code icmp://}, {@code ssh://}, {@code starttls://}, {@code udp://}, {@code sctp://},
 *     {@code ws(s)://}, {@code grpc(s)://}, external endpoints, suites</td><td>not converted: no
 *     such check in Statuslog</td></tr>
 * <tr><td>{@code interval} (default 60s)</td><td>{@code interval}, always written; under 1s
 *     becomes 1s, with a warning</td></tr>
 * <tr><td>{@code client.timeout} (default 10s)</td><td>{@code timeout}, always written; longer than
 *     the interval becomes the interval, with a warning when the timeout was set</td></tr>
 * <tr><td>{@code client.insecure}</td><td>{@code verifyTls: false} (a tls check always verifies:
 *     warning)</td></tr>
 * <tr><td>{@code client.ignore-redirect}</td><td>{@code followRedirects: false}</td></tr>
 * <tr><td>{@code client.dns-resolver}</td><td>not converted (Gatus uses it for HTTP only, and a
 *     Statuslog http check resolves with the checker's resolver)</td></tr>
 * <tr><td>{@code conditions}</td><td>{@code conditions}, verbatim (Statuslog's language is
 *     Gatus's); one the language refuses is dropped with its reason: a placeholder Statuslog lacks
 *     ({@code [DOMAIN_EXPIRATION]}, {@code [CONTEXT]}), or a typo such as {@code [STAUTS]} that
 *     Gatus would compare as text and fail on forever. Where Statuslog requires more than the endpoint's
 *     conditions did ({@code [STATUS] == 200} when none reads {@code [STATUS]}, {@code [CONNECTED]
 *     == true} for tcp and tls) a warning says so</td></tr>
 * <tr><td>{@code alerts}, {@code maintenance-windows}, {@code ui}, {@code extra-labels}, {@code
 *     client.proxy-url}, {@code client.oauth2}, {@code client.identity-aware-proxy}, {@code
 *     client.tls}, {@code client.tunnel}, {@code client.store-cookies}, suite-only settings, any
 *     other key</td><td>not converted, one warning each</td></tr>
 * </table>
 *
 * <p>Gatus substitutes environment variables ({@code $VAR}, {@code ${VAR}}) in the whole file
 * before reading it; the checks file has no substitution, so such text is kept as written and
 * named in a warning. Gatus's {@code $$} (a literal dollar) becomes {@code $}. Settings that do
 * nothing in Gatus for the endpoint's type ({@code client.network} outside ICMP, {@code headers}
 * on a tcp endpoint) are left out silently. Gatus keeps connections open between probes; a
 * Statuslog check opens one per probe unless {@code reuseConnections}, which is not set: a
 * listener that stopped accepting is then seen at once.
 */
public final class GatusImport {
  /** Gatus's placeholders that Statuslog does not provide: whois data, and a suite's context. */
  private static final Pattern GATUS_ONLY_PLACEHOLDER = Pattern.compile("\\[(DOMAIN_EXPIRATION|CONTEXT)]", Pattern.CASE_INSENSITIVE);
  /** What Go's os.ExpandEnv expands: ${...}, $NAME, or one of the shell's special variables. */
  private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\$(\\{[^}]*}|[A-Za-z0-9_]+|[*#@!?-])");
  /** Body placeholders Gatus fills in per probe; Statuslog sends the body as written. */
  private static final Pattern PER_PROBE_BODY_PLACEHOLDER = Pattern.compile("\\[(RANDOM_STRING_\\d+|LOCAL_ADDRESS)]");
  private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d*)(?:\\.(\\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
  private static final Duration GATUS_INTERVAL = Duration.ofMinutes(1);
  private static final Duration GATUS_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatusImport() {}

  /**
   * A converted configuration.
   *
   * @param checksFile the checks file, with a header comment naming its source
   * @param warnings what was not converted, one line each, in the order of the configuration
   * @param endpoints the endpoints in the configuration
   * @param checks the checks written
   */
  public record Imported(String checksFile, List<String> warnings, int endpoints, int checks) {
    public Imported {
      warnings = List.copyOf(warnings);
    }
  }

  /** A file that gives no checks: not a Gatus configuration, or none of its endpoints convert. */
  public static final class NotImportable extends IllegalArgumentException {
    private final List<String> warnings;

    NotImportable(String message, List<String> warnings) {
      super(message);
      this.warnings = List.copyOf(warnings);
    }

    /** Why each endpoint was left out, when there were endpoints. */
    public List<String> warnings() {
      return warnings;
    }
  }

  /**
   * Converts the Gatus configuration {@code text}, named {@code source} in messages and in the
   * checks file's header.
   *
   * @throws NotImportable when the text is not YAML, not a Gatus configuration with endpoints, or
   *     none of its endpoints can be converted
   */
  public static Imported convert(String source, String text) {
    Map<?, ?> root = load(source, text);
    if (!(root.get("endpoints") instanceof List<?> endpoints) || endpoints.isEmpty()) {
      boolean somethingElse = root.get("endpoints") != null && !(root.get("endpoints") instanceof List);
      throw new NotImportable(source + ": not a Gatus configuration: " + (somethingElse ? "endpoints is not a list of endpoints" : "no endpoints"), List.of());
    }
    List<String> warnings = new ArrayList<>();
    List<CheckSpec> checks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Map.Entry<?, ?> block : root.entrySet()) {
      String key = String.valueOf(block.getKey());
      switch (key) {
        case "endpoints" -> {
          for (int i = 0; i < endpoints.size(); i++) {
            new EndpointImport(i, endpoints.get(i)).convert(ids, warnings).ifPresent(checks::add);
          }
        }
        case "external-endpoints" -> externalEndpoints(block.getValue(), warnings);
        case "suites" -> warnings.add(topLevel(key, "suites", "a Statuslog check is one request; a suite's endpoints share a context"));
        default -> warnings.add(topLevel(key, key, "the checks file holds only checks; Statuslog's own settings are in statuslog.yml"));
      }
    }
    if (checks.isEmpty()) {
      throw new NotImportable(source + ": none of its " + endpoints.size() + " endpoint(s) could be converted", warnings);
    }
    List<String> header = List.of(
        "Imported from the Gatus configuration " + source + " by `statuslog checks import gatus`:",
        checks.size() + " of " + endpoints.size() + " endpoint(s) converted, " + warnings.size() + " warning(s) about what was not.");
    return new Imported(ChecksFileWriter.write(header, checks), warnings, endpoints.size(), checks.size());
  }

  /**
   * The configuration as maps, lists and strings. Every scalar is kept as the text written (a
   * header value "on" stays "on"); only YAML's nulls and Gatus users' favourite shortcut, the
   * {@code <<} merge key with anchors, are resolved.
   */
  private static Map<?, ?> load(String source, String text) {
    try {
      YamlDocument.parse(source, text); // malformed YAML named where it is, in the words of every other file
    } catch (ConfigException malformed) {
      throw new NotImportable(malformed.getMessage(), List.of());
    }
    Resolver textOnly = new Resolver() {
      @Override
      protected void addImplicitResolvers() {
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
      }
    };
    LoaderOptions options = new LoaderOptions();
    // SnakeYAML's 50 guards against alias bombs; a Gatus file with `alerts: *alerts` on each of
    // a hundred endpoints is ordinary, and the operator wrote the file being read.
    options.setMaxAliasesForCollections(1_000);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, textOnly).load(text);
    } catch (MarkedYAMLException e) {
      throw new NotImportable(source + ":" + (e.getProblemMark().getLine() + 1) + ":" + (e.getProblemMark().getColumn() + 1) + ": malformed YAML: " + e.getProblem(), List.of());
    } catch (YAMLException e) {
      throw new NotImportable(source + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""), List.of());
    }
    if (!(document instanceof Map<?, ?> root)) {
      throw new NotImportable(source + ": not a Gatus configuration: expected keys such as endpoints", List.of());
    }
    return root;
  }

  private static void externalEndpoints(Object value, List<String> warnings) {
    if (!(value instanceof List<?> externals)) {
      warnings.add(topLevel("external-endpoints", "external-endpoints", "not a list of endpoints"));
      return;
    }
    for (int i = 0; i < externals.size(); i++) {
      String label = externals.get(i) instanceof Map<?, ?> external && external.get("name") instanceof String name
          ? "endpoint \"" + displayName(external.get("group") instanceof String group ? group : "", name) + "\""
          : "external-endpoints[" + i + "]";
      warnings.add(label + ": the external endpoint was not converted (Statuslog has no checks whose results are pushed to it)");
    }
  }

  private static String topLevel(String key, String what, String why) {
    return "top-level \"" + key + "\": " + what + " was not converted (" + why + ")";
  }

  /** How Gatus names an endpoint on its page: group/name, or the name alone. */
  private static String displayName(String group, String name) {
    return group.isEmpty() ? name : group + "/" + name;
  }

  /**
   * One endpoint, converted, with what could not be said in Statuslog's terms. An endpoint left
   * out gets one line, why; the details of what it would have lost are no news then.
   */
  private static final class EndpointImport {
    private final Object endpoint;
    private final String label;
    private final List<String> warnings = new ArrayList<>();

    EndpointImport(int index, Object endpoint) {
      this.endpoint = endpoint;
      this.label = endpoint instanceof Map<?, ?> fields && fields.get("name") instanceof String name && !name.isBlank()
          ? "endpoint \"" + displayName(fields.get("group") instanceof String group ? group : "", name) + "\""
          : "endpoints[" + index + "]";
    }

    private void warn(String what, String why) {
      warnings.add(label + ": " + what + " was not converted (" + why + ")");
    }

    /** The check, and in {@code warnings} what it could not carry; or, when there is none, why. */
    Optional<CheckSpec> convert(Set<String> ids, List<String> warnings) {
      Optional<CheckSpec> check;
      try {
        check = check(ids);
      } catch (IllegalArgumentException refused) {
        check = Optional.empty();
        this.warnings.clear();
        warn("the endpoint", refused.getMessage());
      }
      warnings.addAll(this.warnings);
      check.ifPresent(converted -> ids.add(converted.id()));
      return check;
    }

    /** @throws IllegalArgumentException saying why the endpoint is not converted */
    private Optional<CheckSpec> check(Set<String> ids) {
      if (!(endpoint instanceof Map<?, ?> fields)) {
        throw new IllegalArgumentException("not an endpoint: expected name, url, conditions...");
      }
      if (fields.containsKey("enabled") && !bool(fields, "enabled", true)) {
        throw new IllegalArgumentException("it is disabled: enabled: false");
      }
      String name = text(fields, "name");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("it has no name");
      }
      String group = Optional.ofNullable(text(fields, "group")).orElse("");
      String url = text(fields, "url");
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("it has no url");
      }
      Map<?, ?> client = block(fields, "client");
      Duration interval = interval(fields);
      Duration timeout = timeout(client, interval);
      Target target = target(fields, client, name, group, url.strip());
      List<String> conditions = conditions(fields);
      sayWhatStatuslogAdds(target, conditions);
      leftOut(fields);
      return Optional.of(new CheckSpec(uniqueId(group, name, ids), name, Optional.of(group), interval, timeout, true, List.of(), target, conditions, List.of()));
    }

    /**
     * Gatus judges an endpoint by its conditions alone; Statuslog adds one of its own to some
     * checks ({@link Target#implicitConditions}), so an endpoint without it is judged more
     * strictly: a 500 is DOWN even if the conditions only read the response time.
     */
    private void sayWhatStatuslogAdds(Target target, List<String> conditions) {
      String type = target.type().name().toLowerCase(Locale.ROOT);
      for (String implicit : target.implicitConditions(conditions)) {
        if (!conditions.contains(implicit)) {
          String placeholder = implicit.substring(0, implicit.indexOf(']') + 1);
          boolean always = target instanceof Target.Tcp || target instanceof Target.Tls;
          warnings.add(label + ": \"" + implicit + "\" is added (Statuslog adds it to every " + type + " check"
              + (always ? "" : " whose conditions do not read " + placeholder) + "; Gatus judged this endpoint without it)");
        }
      }
    }

    /** What is probed, by Gatus's rules for the endpoint's type (endpoint.go, Type()). */
    private Target target(Map<?, ?> fields, Map<?, ?> client, String name, String group, String url) {
      Map<?, ?> dns = block(fields, "dns");
      if (fields.get("dns") != null) {
        return dns(dns, url);
      }
      if (url.startsWith("http://") || url.startsWith("https://")) {
        return http(fields, client, name, group, url);
      }
      if (url.startsWith("tcp://")) {
        HostPort address = hostPort(url, "tcp://");
        return new Target.Tcp(address.host(), address.port(), Optional.ofNullable(body(fields, name, group, url)), Optional.empty());
      }
      if (url.startsWith("tls://")) {
        HostPort address = hostPort(url, "tls://");
        if (body(fields, name, group, url) != null) {
          warn("body", "a Statuslog tls check sends nothing after the handshake");
        }
        if (bool(client, "insecure", false)) {
          warn("client.insecure", "a Statuslog tls check always verifies the certificate");
        }
        return new Target.Tls(address.host(), address.port());
      }
      String kind = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
      throw new IllegalArgumentException(switch (kind) {
        case "icmp" -> "Statuslog has no ping (icmp) check";
        case "ssh" -> "Statuslog has no ssh check";
        case "starttls" -> "Statuslog has no starttls check";
        case "udp" -> "Statuslog has no udp check";
        case "sctp" -> "Statuslog has no sctp check";
        case "ws", "wss" -> "Statuslog has no websocket check";
        case "grpc", "grpcs" -> "Statuslog has no grpc check";
        default -> "Gatus has no endpoint type for the url " + url;
      });
    }

    private Target http(Map<?, ?> fields, Map<?, ?> client, String name, String group, String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("url is not a URL: " + url);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      block(fields, "headers").forEach((header, value) -> headers.put(string(String.valueOf(header), "headers"),
          value instanceof String text ? string(text, "headers." + header) : value == null ? "" : String.valueOf(value)));
      String body = body(fields, name, group, url);
      if (bool(fields, "graphql", false)) {
        // Gatus sends the body wrapped as a GraphQL query, and says it is JSON unless told otherwise.
        body = graphQlQuery(body == null ? "" : body);
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
          headers.put("Content-Type", "application/json");
        }
      }
      if (client.get("dns-resolver") != null) {
        warn("client.dns-resolver " + client.get("dns-resolver"), "a Statuslog http check resolves names with the checker's resolver");
      }
      return new Target.Http(uri, text(fields, "method"), headers, Optional.ofNullable(body), !bool(client, "ignore-redirect", false), 10,
          !bool(client, "insecure", false), false, 200, Optional.empty());
    }

    private Target dns(Map<?, ?> dns, String url) {
      String query = text(dns, "query-name");
      String queryType = text(dns, "query-type");
      if (query == null || query.isBlank()) {
        throw new IllegalArgumentException("dns.query-name is required");
      }
      if (queryType == null || queryType.isBlank()) {
        throw new IllegalArgumentException("dns.query-type is required");
      }
      // The url is the resolver, host or host:port, as ChecksFile reads a resolver.
      URI resolver = URI.create("dns://" + url);
      if (resolver.getHost() == null) {
        throw new IllegalArgumentException("url must be the resolver, a host or host:port, got " + url);
      }
      return new Target.Dns(query.strip(), DnsQueryType.parse(queryType), Optional.of(resolver.getHost()), resolver.getPort() < 0 ? 53 : resolver.getPort());
    }

    /** The request body, with what Gatus fills in from the endpoint filled in now. */
    private String body(Map<?, ?> fields, String name, String group, String url) {
      String body = text(fields, "body");
      if (body == null || body.isEmpty()) {
        return null;
      }
      body = body.replace("[ENDPOINT_NAME]", name).replace("[ENDPOINT_GROUP]", group).replace("[ENDPOINT_URL]", url);
      Matcher perProbe = PER_PROBE_BODY_PLACEHOLDER.matcher(body);
      Set<String> found = new LinkedHashSet<>();
      while (perProbe.find()) {
        found.add(perProbe.group());
      }
      found.forEach(placeholder -> warn(placeholder + " in body", "Statuslog sends the body as written, so it is sent as this text"));
      return body;
    }

    private static String graphQlQuery(String query) {
      try {
        return JSON.writeValueAsString(Map.of("query", query));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e); // a map of one string is always JSON
      }
    }

    /**
     * The conditions as written, less those Statuslog's condition language refuses, each dropped
     * with the language's own reason; Gatus's placeholders that Statuslog does not provide are
     * said in fewer words.
     */
    private List<String> conditions(Map<?, ?> fields) {
      Object written = fields.get("conditions");
      if (written == null) {
        return List.of();
      }
      if (!(written instanceof List<?> list)) {
        warn("conditions", "not a list of conditions");
        return List.of();
      }
      List<String> conditions = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String item) || item.isBlank()) {
          warn("conditions[" + i + "]", "not a condition such as [STATUS] == 200");
          continue;
        }
        String condition = string(item, "conditions[" + i + "]");
        try {
          Condition.parse(condition);
          conditions.add(condition);
        } catch (ConditionSyntaxException refused) {
          Matcher gatusOnly = GATUS_ONLY_PLACEHOLDER.matcher(condition);
          warn("condition \"" + item + "\"", (gatusOnly.find() ? "Statuslog has no " + gatusOnly.group() + " placeholder" : refused.problem())
              + ": the condition is dropped");
        }
      }
      return conditions;
    }

    private Duration interval(Map<?, ?> fields) {
      if (fields.get("interval") == null) {
        return GATUS_INTERVAL;
      }
      Optional<Duration> written = goDuration(fields.get("interval")).filter(interval -> !interval.isNegative());
      if (written.isEmpty()) {
        throw new IllegalArgumentException("interval \"" + fields.get("interval") + "\" is not a duration such as 30s or 5m");
      }
      if (written.get().isZero()) {
        return GATUS_INTERVAL; // Gatus reads a zero interval as unset
      }
      if (written.get().compareTo(SHORTEST_INTERVAL) < 0) {
        warn("interval " + fields.get("interval"), "Statuslog probes a check at most once a second: 1s is used");
        return SHORTEST_INTERVAL;
      }
      return written.get().truncatedTo(ChronoUnit.MILLIS);
    }

    private Duration timeout(Map<?, ?> client, Duration interval) {
      Object written = client.get("timeout");
      Duration timeout = written == null ? GATUS_TIMEOUT : goDuration(written).orElse(null);
      if (timeout == null) {
        warn("client.timeout \"" + written + "\"", "not a duration such as 10s: Gatus's default, 10s, is used");
        timeout = GATUS_TIMEOUT;
      } else if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
        timeout = GATUS_TIMEOUT; // as Gatus reads a timeout under a millisecond
      }
      if (timeout.compareTo(interval) > 0) {
        // Unset, Gatus's 10s on a shorter interval is what Statuslog's own default does: no news.
        if (written != null) {
          warn("client.timeout " + written, "a Statuslog timeout is at most the interval: " + ChecksFileWriter.duration(interval) + " is used");
        }
        return interval;
      }
      return timeout.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A warning for each setting the check does not carry; a setting Gatus ignores for this type is left out silently. */
    private void leftOut(Map<?, ?> fields) {
      for (Map.Entry<?, ?> field : fields.entrySet()) {
        String key = String.valueOf(field.getKey());
        Object value = field.getValue();
        switch (key) {
          case "enabled", "name", "group", "url", "method", "body", "graphql", "headers", "interval", "conditions", "dns", "ssh" -> { }
          case "client" -> leftOutOfClient(block(fields, "client"));
          case "alerts" -> warn("alerts" + alertTypes(value), "a Statuslog checks file has no alerting");
          case "maintenance-windows" -> warn("maintenance-windows", "a Statuslog checks file has no maintenance windows");
          case "ui" -> warn("ui" + keys(value), "Statuslog's page has no per-check display settings");
          case "extra-labels" -> warn("extra-labels", "Statuslog checks have no metric labels");
          case "store", "always-run" -> warn(key, "it only applies to an endpoint in a Gatus suite");
          default -> warn(key, "not a Gatus endpoint setting Statuslog knows");
        }
      }
    }

    private void leftOutOfClient(Map<?, ?> client) {
      for (Object setting : client.keySet()) {
        String key = String.valueOf(setting);
        switch (key) {
          case "timeout", "insecure", "ignore-redirect", "dns-resolver", "network" -> { }
          case "proxy-url" -> warn("client.proxy-url", "a Statuslog check connects directly");
          case "oauth2" -> warn("client.oauth2", "a Statuslog check fetches no tokens: set an Authorization header instead");
          case "identity-aware-proxy" -> warn("client.identity-aware-proxy", "a Statuslog check fetches no tokens: set an Authorization header instead");
          case "tls" -> warn("client.tls", "a Statuslog check presents no client certificate");
          case "tunnel" -> warn("client.tunnel", "a Statuslog check connects directly, without an SSH tunnel");
          case "store-cookies" -> warn("client.store-cookies", "each Statuslog probe starts without cookies");
          default -> warn("client." + key, "not a Gatus client setting Statuslog knows");
        }
      }
    }

    private static String alertTypes(Object alerts) {
      if (!(alerts instanceof List<?> list)) {
        return "";
      }
      Set<String> types = new LinkedHashSet<>();
      list.forEach(alert -> {
        if (alert instanceof Map<?, ?> fields && fields.get("type") instanceof String type) {
          types.add(type);
        }
      });
      return types.isEmpty() ? "" : " (" + String.join(", ", types) + ")";
    }

    private static String keys(Object block) {
      return block instanceof Map<?, ?> map && !map.isEmpty() ? " (" + String.join(", ", map.keySet().stream().map(String::valueOf).toList()) + ")" : "";
    }

    /** A text setting, null when unset, with Gatus's environment variables named in a warning. */
    private String text(Map<?, ?> fields, String key) {
      Object value = fields.get(key);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String text)) {
        throw new IllegalArgumentException(key + " must be text, got a " + (value instanceof List ? "list" : "block"));
      }
      return string(text, key);
    }

    /**
     * Gatus expands environment variables in the whole file before reading it, and writes a
     * literal $ as $$ (config.go, parseAndValidateConfigBytes): the first cannot be carried over,
     * the second can.
     */
    private String string(String text, String field) {
      String[] literal = text.split("\\$\\$", -1);
      for (String part : literal) {
        Matcher variable = ENVIRONMENT_VARIABLE.matcher(part);
        while (variable.find()) {
          warn(variable.group() + " in " + field, "a checks file has no environment variables: the text is kept as written");
        }
      }
      return String.join("$", literal);
    }

    /** A block of settings, empty when unset or not a block. */
    private static Map<?, ?> block(Map<?, ?> fields, String key) {
      return fields.get(key) instanceof Map<?, ?> block ? block : Map.of();
    }

    /** A yes/no setting as Gatus's YAML reads one (true, yes, on...); anything else is the default. */
    private boolean bool(Map<?, ?> fields, String key, boolean unset) {
      Object value = fields.get(key);
      if (value == null) {
        return unset;
      }
      return switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
        case "true", "yes", "y", "on" -> true;
        case "false", "no", "n", "off" -> false;
        default -> {
          warn(key + " \"" + value + "\"", "not true or false: " + unset + " is used");
          yield unset;
        }
      };
    }
  }

  private record HostPort(String host, int port) {}

  /** host:port after the scheme, as Go's net.Dial takes it: [v6]:port, name:port. */
  private static HostPort hostPort(String url, String scheme) {
    String address = url.substring(scheme.length());
    int colon = address.lastIndexOf(':');
    if (colon < 0 || (address.indexOf(':') != colon && !address.startsWith("["))) {
      throw new IllegalArgumentException("url " + url + " has no port: expected " + scheme + "host:port");
    }
    try {
      return new HostPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("url " + url + " has no port: expected " + scheme + "host:port");
    }
  }

  /** A Go duration (time.ParseDuration): 300ms, 1.5h, 2h45m; empty when it is not one. */
  static Optional<Duration> goDuration(Object written) {
    String text = String.valueOf(written).strip();
    boolean negative = text.startsWith("-");
    if (text.startsWith("-") || text.startsWith("+")) {
      text = text.substring(1);
    }
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher part = GO_DURATION_PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    while (at < text.length()) {
      if (!part.find(at) || part.start() != at || (part.group(1).isEmpty() && (part.group(2) == null || part.group(2).isEmpty()))) {
        return Optional.empty();
      }
      BigDecimal number = new BigDecimal((part.group(1).isEmpty() ? "0" : part.group(1)) + (part.group(2) == null || part.group(2).isEmpty() ? "" : "." + part.group(2)));
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(switch (part.group(3)) {
        case "ns" -> 1L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 1_000L; // us, µs, μs
      })));
      at = part.end();
    }
    if (at == 0) {
      return Optional.empty();
    }
    Duration duration = Duration.ofNanos(nanos.longValue());
    return Optional.of(negative ? duration.negated() : duration);
  }

  /**
   * An id from the endpoint's group and name: each lower-cased with accents dropped, every run of
   * characters other than a-z, 0-9 and '.' one '-', joined by '_' as Gatus's own key joins them,
   * at most 64 characters, and -2, -3... when an earlier endpoint has it.
   */
  static String uniqueId(String group, String name, Set<String> taken) {
    List<String> parts = new ArrayList<>();
    for (String part : List.of(group, name)) {
      String slug = slug(part);
      if (!slug.isEmpty()) {
        parts.add(slug);
      }
    }
    String base = parts.isEmpty() ? "endpoint" : String.join("_", parts);
    String id = cut(base, 64);
    for (int n = 2; taken.contains(id); n++) {
      id = cut(base, 64 - ("-" + n).length()) + "-" + n;
    }
    return id;
  }

  private static String slug(String text) {
    String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^[-.]+|[-.]+$", "");
  }

  private static String cut(String id, int length) {
    return id.length() <= length ? id : id.substring(0, length).replaceAll("[-._]+$", "");
  }
}

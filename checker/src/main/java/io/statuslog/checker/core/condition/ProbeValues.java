package io.statuslog.checker.core.condition;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.statuslog.checker.core.ProbeFacts;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the placeholders resolve to for one probe. Made once per probe and shared by all of a
 * check's conditions, so that the body is trimmed once and parsed as JSON at most once, and only
 * if some condition reads into it.
 *
 * <p>A value the probe did not produce resolves as Gatus resolves the zero value it keeps for it
 * (placeholder.go:142-171): no status is {@code 0}, no certificate is {@code 0}, no body, DNS
 * code or IP is empty text. Only {@code has()} tells them apart from a real 0.
 */
final class ProbeValues {
  /** Go's decoder refuses anything after the value; Jackson ignores it unless told. */
  private static final ObjectReader JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  private final ProbeFacts facts;
  private String body;
  private Optional<JsonNode> json;
  private int jsonParses;

  ProbeValues(ProbeFacts facts) {
    this.facts = facts;
  }

  /** The value, or empty where a JSON path finds nothing: Gatus's {@code (INVALID)}. */
  Optional<String> resolve(Operand.Value value) {
    return switch (value) {
      case Operand.Literal literal -> Optional.of(literal.text());
      case Operand.Read read -> read(read);
      case Operand.Length length -> {
        OptionalLong count = length(length.of());
        yield count.isPresent() ? Optional.of(Long.toString(count.getAsLong())) : Optional.empty();
      }
      case Operand.Has has -> Optional.of(Boolean.toString(has(has.of())));
    };
  }

  private Optional<String> read(Operand.Read read) {
    if (read.readsJson()) {
      return json().flatMap(read.path()::find).map(JsonText::of);
    }
    return Optional.of(switch (read.placeholder()) {
      case STATUS -> facts.status().isPresent() ? Integer.toString(facts.status().getAsInt()) : "0";
      case RESPONSE_TIME -> Long.toString(facts.responseTime().toMillis());
      case BODY -> body(); // trimmed, as Gatus trims it (placeholder.go:157)
      case CONNECTED -> Boolean.toString(facts.connected());
      case CERTIFICATE_EXPIRATION -> Long.toString(facts.certificateExpiration().map(d -> d.toMillis()).orElse(0L));
      case DNS_RCODE -> facts.dnsRcode().orElse("");
      case IP -> facts.ip().orElse("");
    });
  }

  /**
   * {@code len()}: of a JSON array its elements, of anything else its text in UTF-8 bytes, as Go's
   * {@code len} counts (placeholder.go:161-170, 225-227, 269).
   */
  private OptionalLong length(Operand.Read read) {
    if (read.readsJson()) {
      Optional<JsonNode> found = json().flatMap(read.path()::find);
      return found.isPresent() ? OptionalLong.of(JsonText.lengthOf(found.get())) : OptionalLong.empty();
    }
    if (read.placeholder() == Placeholder.BODY && looksLikeArray(body())) {
      Optional<JsonNode> array = json().filter(JsonNode::isArray);
      if (array.isPresent()) {
        return OptionalLong.of(array.get().size());
      }
    }
    return read(read).stream().mapToLong(JsonText::utf8Length).findFirst();
  }

  /**
   * {@code has()}: whether the probe produced the value. For a JSON path, whether it finds one
   * (placeholder.go:219-221); for text, whether it is not empty (placeholder.go:266-267). Gatus
   * says true for a missing status or certificate, because it sees their zero value as "0"; here
   * they are what the probe did not produce, so false.
   */
  private boolean has(Operand.Read read) {
    if (read.readsJson()) {
      return json().flatMap(read.path()::find).isPresent();
    }
    return switch (read.placeholder()) {
      case STATUS -> facts.status().isPresent();
      case CERTIFICATE_EXPIRATION -> facts.certificateExpiration().isPresent();
      case RESPONSE_TIME, CONNECTED -> true;
      case BODY -> !body().isEmpty();
      case DNS_RCODE -> facts.dnsRcode().filter(code -> !code.isEmpty()).isPresent();
      case IP -> facts.ip().filter(ip -> !ip.isEmpty()).isPresent();
    };
  }

  private String body() {
    if (body == null) {
      body = facts.body().map(String::strip).orElse("");
    }
    return body;
  }

  /** The body as JSON, parsed on first use; empty if there is none or it is not JSON. */
  private Optional<JsonNode> json() {
    if (json == null) {
      jsonParses++;
      json = parse(body());
    }
    return json;
  }

  /** How often the body was parsed as JSON: at most once, which the tests count. */
  int jsonParses() {
    return jsonParses;
  }

  private static Optional<JsonNode> parse(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (JacksonException notJson) {
      return Optional.empty();
    }
  }

  /** Gatus counts the elements of {@code [BODY]} only when it is written as an array (jsonpath.go:12). */
  private static boolean looksLikeArray(String text) {
    return text.startsWith("[") && text.endsWith("]");
  }
}

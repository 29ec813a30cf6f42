package io.statuslog.checker.core.condition;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A JSON value found at a path, as text and as a length, the way Gatus makes them (jsonpath.go:43-66):
 * a string is itself, an array is Go's {@code %v} ({@code [hello world]}) with its element count
 * as length, an object is minified JSON with sorted keys (Go's {@code json.Marshal} of a map) with
 * its byte count as length, a number or boolean is its text.
 */
final class JsonText {
  private JsonText() {}

  static String of(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      return goValue(node);
    }
    if (node.isObject()) {
      return json(node);
    }
    return scalar(node);
  }

  /** Gatus's {@code len()} of a JSON value: elements of an array, bytes of anything else's text. */
  static long lengthOf(JsonNode node) {
    return node.isArray() ? node.size() : utf8Length(of(node));
  }

  /** Go's {@code len} of a string counts UTF-8 bytes, and so does Gatus's {@code len()}. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * A number as it compares best. Integers are written in full: Gatus decodes JSON numbers as
   * float64 and prints 1000000 as "1e+06", so that {@code [BODY].count == 1000000} fails there;
   * here it holds. Fractions keep Go's shortest digits (123.40000000000005, 0.5); Go's exponent
   * form is kept below 1e-4 (1e-05, as {@code %v} writes it) and from 1e21 (as JSON encoders do),
   * where plain digits would be long.
   */
  static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    return number(node.doubleValue());
  }

  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros(); // shortest digits since JDK 19
    if (shortest.signum() == 0) {
      return "0";
    }
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= -4 && exponent < 21) {
      return shortest.toPlainString();
    }
    String digits = shortest.unscaledValue().abs().toString();
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String power = String.format("%02d", Math.abs(exponent));
    return (shortest.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + power;
  }

  private static String scalar(JsonNode node) {
    if (node.isNumber()) {
      return number(node);
    }
    if (node.isBoolean()) {
      return String.valueOf(node.booleanValue());
    }
    return node.isNull() ? "<nil>" : node.asText();
  }

  /** Go's {@code fmt.Sprintf("%v", value)} of a decoded JSON value: {@code [a b]}, {@code map[k:v]}. */
  private static String goValue(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      List<String> elements = new ArrayList<>(node.size());
      node.forEach(element -> elements.add(goValue(element)));
      return "[" + String.join(" ", elements) + "]";
    }
    if (node.isObject()) {
      List<String> entries = new ArrayList<>(node.size());
      sortedFields(node).forEach(field -> entries.add(field.getKey() + ":" + goValue(field.getValue())));
      return "map[" + String.join(" ", entries) + "]";
    }
    return scalar(node);
  }

  /** Minified JSON with object keys sorted, as Go's encoder writes a decoded map. */
  private static String json(JsonNode node) {
    StringBuilder out = new StringBuilder();
    writeJson(node, out);
    return out.toString();
  }

  private static void writeJson(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : sortedFields(node)) {
        out.append(first ? "" : ",");
        quote(field.getKey(), out);
        out.append(':');
        writeJson(field.getValue(), out);
        first = false;
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        writeJson(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      quote(node.textValue(), out);
    } else {
      out.append(node.isNull() ? "null" : scalar(node));
    }
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    out.append('"');
  }

  private static List<Map.Entry<String, JsonNode>> sortedFields(JsonNode object) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.size());
    object.fields().forEachRemaining(fields::add);
    fields.sort(Map.Entry.comparingByKey());
    return fields;
  }
}

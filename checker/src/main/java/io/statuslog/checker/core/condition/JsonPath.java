package io.statuslog.checker.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path into a JSON body as Gatus writes it after {@code [BODY]}: {@code .key} steps into an
 * object, {@code [n]} into an array ({@code .data[0].id}, {@code [0].id}, {@code .data[1][2]}).
 * Keys are anything but {@code .}, {@code [} and {@code ]}, spaces included, as in Gatus
 * (jsonpath.go:24-41 splits on dots outside brackets).
 *
 * @param steps empty for the whole body
 */
record JsonPath(List<Step> steps) {
  static final JsonPath WHOLE = new JsonPath(List.of());

  sealed interface Step {}

  record Key(String name) implements Step {}

  record Index(int index) implements Step {}

  JsonPath {
    steps = List.copyOf(steps);
  }

  boolean isWhole() {
    return steps.isEmpty();
  }

  /** Thrown with the index in the path text where it stops making sense. */
  static final class BadPath extends Exception {
    final int index;

    BadPath(String message, int index) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  /** Reads what follows {@code [BODY]}; {@code .[0]} is allowed, as Gatus strips one leading dot. */
  static JsonPath parse(String path) throws BadPath {
    List<Step> steps = new ArrayList<>();
    int i = 0;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
        if (i < n && path.charAt(i) == '[') {
          continue;
        }
        int end = i;
        while (end < n && ".[]".indexOf(path.charAt(end)) < 0) {
          end++;
        }
        if (end == i) {
          throw new BadPath("empty key in JSON path", i);
        }
        steps.add(new Key(path.substring(i, end)));
        i = end;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new BadPath("[ without closing ]", i);
        }
        String index = path.substring(i + 1, close);
        if (index.isEmpty() || index.length() > 9 || !index.chars().allMatch(d -> d >= '0' && d <= '9')) {
          throw new BadPath("array index must be a whole number from 0, got [" + index + "]", i + 1);
        }
        steps.add(new Index(Integer.parseInt(index)));
        i = close + 1;
      } else {
        throw new BadPath("unexpected '" + c + "' in JSON path, expected . or [", i);
      }
    }
    return new JsonPath(steps);
  }

  /**
   * The value at this path, if there is one. A missing key, an index out of range, a step into
   * something that is not an object or array, or a JSON null: all are no value, which Gatus shows
   * as {@code (INVALID)} (jsonpath.go:64-65 for null).
   */
  Optional<JsonNode> find(JsonNode root) {
    JsonNode node = root;
    for (Step step : steps) {
      node = switch (step) {
        case Key key -> node.isObject() ? node.get(key.name()) : null;
        case Index index -> node.isArray() ? node.get(index.index()) : null;
      };
      if (node == null) {
        return Optional.empty();
      }
    }
    return node.isNull() || node.isMissingNode() ? Optional.empty() : Optional.of(node);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Step step : steps) {
      switch (step) {
        case Key key -> text.append('.').append(key.name());
        case Index index -> text.append('[').append(index.index()).append(']');
      }
    }
    return text.toString();
  }
}

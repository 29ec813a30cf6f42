package io.statuslog.checker.core.condition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pattern of a {@code pat()}, compiled once when the condition is parsed. Gatus matches with
 * Go's {@code filepath.Match} after deleting every {@code /} from both the pattern and the value
 * (pattern.go:9-20), so {@code *} matches any run of characters, {@code ?} any one, {@code [a-z]}
 * and {@code [^0-9]} one of a class, and {@code \} escapes the next character. The whole value
 * must match.
 *
 * <p>Matching walks the value once per star backtrack (at most value length × pattern length
 * steps) instead of going through a regular expression, whose backtracking on patterns like
 * {@code *a*a*a*b} over a large body could take much longer than a probe.
 */
final class Glob {
  /** One step of a pattern: a star, or a test of exactly one character. */
  private sealed interface Element {}

  private record Star() implements Element {}

  private record Exactly(int codePoint) implements Element {}

  private record AnyOne() implements Element {}

  /** Ranges as pairs of inclusive bounds: {@code [a-z0-9]} is {a, z, 0, 9}. */
  private record OneOf(boolean negated, int[] ranges) implements Element {
    boolean contains(int c) {
      boolean inside = false;
      for (int i = 0; i < ranges.length && !inside; i += 2) {
        inside = ranges[i] <= c && c <= ranges[i + 1];
      }
      return inside != negated;
    }
  }

  /** Why a pattern cannot be compiled, and where in the pattern. */
  static final class BadPattern extends Exception {
    final int index;

    BadPattern(String message, int index) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  private final Element[] elements;

  private Glob(Element[] elements) {
    this.elements = elements;
  }

  static Glob compile(String written) throws BadPattern {
    String pattern = written.replace("/", ""); // as Gatus deletes the path separator before matching
    try {
      return new Glob(elements(pattern));
    } catch (BadPattern bad) {
      throw new BadPattern(bad.getMessage(), indexInWritten(written, bad.index));
    }
  }

  private static Element[] elements(String pattern) throws BadPattern {
    List<Element> elements = new ArrayList<>();
    int i = 0;
    while (i < pattern.length()) {
      int c = pattern.codePointAt(i);
      int next = i + Character.charCount(c);
      switch (c) {
        case '*' -> {
          if (elements.isEmpty() || !(elements.getLast() instanceof Star)) {
            elements.add(new Star());
          }
        }
        case '?' -> elements.add(new AnyOne());
        case '\\' -> {
          if (next >= pattern.length()) {
            throw new BadPattern("\\ at the end escapes nothing", i);
          }
          int escaped = pattern.codePointAt(next);
          elements.add(new Exactly(escaped));
          next += Character.charCount(escaped);
        }
        case '[' -> next = characterClass(pattern, i, elements);
        default -> elements.add(new Exactly(c));
      }
      i = next;
    }
    return elements.toArray(Element[]::new);
  }

  /** Go's class grammar: a {@code -} or {@code ]} must be escaped except as range dash and closing bracket. */
  private static int characterClass(String pattern, int open, List<Element> elements) throws BadPattern {
    int i = open + 1;
    boolean negated = i < pattern.length() && pattern.charAt(i) == '^';
    if (negated) {
      i++;
    }
    List<Integer> ranges = new ArrayList<>();
    while (true) {
      if (i >= pattern.length()) {
        throw new BadPattern("[ without closing ]", open);
      }
      if (pattern.charAt(i) == ']' && !ranges.isEmpty()) {
        elements.add(new OneOf(negated, ranges.stream().mapToInt(Integer::intValue).toArray()));
        return i + 1;
      }
      int low = classCharacter(pattern, i, open);
      i = afterClassCharacter(pattern, i);
      int high = low;
      if (i < pattern.length() && pattern.charAt(i) == '-') {
        high = classCharacter(pattern, i + 1, open);
        i = afterClassCharacter(pattern, i + 1);
      }
      ranges.add(low);
      ranges.add(high);
    }
  }

  /** One character of a class, escaped or not. */
  private static int classCharacter(String pattern, int i, int open) throws BadPattern {
    if (i >= pattern.length()) {
      throw new BadPattern("[ without closing ]", open);
    }
    char c = pattern.charAt(i);
    if (c == '-' || c == ']') {
      throw new BadPattern("write \\" + c + " for a " + c + " inside [ ]", i);
    }
    if (c == '\\' && ++i >= pattern.length()) {
      throw new BadPattern("[ without closing ]", open);
    }
    return pattern.codePointAt(i);
  }

  private static int afterClassCharacter(String pattern, int i) {
    int at = pattern.charAt(i) == '\\' ? i + 1 : i;
    return at + Character.charCount(pattern.codePointAt(at));
  }

  /** Where a character of the pattern without its slashes is in the pattern as written. */
  private static int indexInWritten(String written, int index) {
    int kept = 0;
    for (int i = 0; i < written.length(); i++) {
      if (written.charAt(i) != '/' && kept++ == index) {
        return i;
      }
    }
    return written.length();
  }

  boolean matches(String value) {
    int[] text = value.codePoints().filter(c -> c != '/').toArray();
    int p = 0;
    int t = 0;
    int starAt = -1; // the last star seen, and where in the text it began to match
    int starText = 0;
    while (t < text.length) {
      if (p < elements.length && matchesOne(elements[p], text[t])) {
        p++;
        t++;
      } else if (p < elements.length && elements[p] instanceof Star) {
        starAt = p++;
        starText = t;
      } else if (starAt >= 0) {
        p = starAt + 1; // let the star swallow one more character and retry
        t = ++starText;
      } else {
        return false;
      }
    }
    while (p < elements.length && elements[p] instanceof Star) {
      p++;
    }
    return p == elements.length;
  }

  private static boolean matchesOne(Element element, int c) {
    return switch (element) {
      case Star star -> false;
      case Exactly exactly -> exactly.codePoint() == c;
      case AnyOne any -> true;
      case OneOf oneOf -> oneOf.contains(c);
    };
  }

  @Override
  public String toString() {
    return Arrays.toString(elements);
  }
}

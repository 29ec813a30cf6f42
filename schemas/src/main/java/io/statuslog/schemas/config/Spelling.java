package io.statuslog.schemas.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known name an unknown one was most likely meant to be: a field a person wrote as
 * {@code intervall} or {@code Timeout} is answered with the field it was probably meant to be.
 */
final class Spelling {
  /** Edits at most, and under half the name's length: a short or different name gets no guess. */
  private static final int MAX_EDITS = 2;

  private Spelling() {}

  /** The known name fewest edits away (letter case aside), when close enough to be a slip; on a tie, the first met. */
  static Optional<String> closest(String given, Collection<?> known) {
    String best = null;
    int fewest = Integer.MAX_VALUE;
    for (Object name : known) {
      String candidate = String.valueOf(name);
      int edits = edits(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (edits < fewest) {
        best = candidate;
        fewest = edits;
      }
    }
    return best != null && fewest <= MAX_EDITS && fewest * 2 < given.length() ? Optional.of(best) : Optional.empty();
  }

  /**
   * The fewest letters inserted, removed or replaced, or neighbours swapped, to turn one into the
   * other (optimal string alignment): {@code prot} is one slip from {@code port}, not two.
   */
  static int edits(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

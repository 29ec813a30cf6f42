package io.statuslog.schemas;

/**
 * What a check id may be, for every role that takes one: a checks file, a result an agent
 * posts. Checked by hand, not by a regular expression: ingest checks one per result it takes.
 */
public final class CheckIds {
  /** The rule, said for a person. */
  public static final String RULE = "1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";
  private static final int MAX_LENGTH = 64;

  private CheckIds() {}

  public static boolean isValid(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH || !isLowerLetterOrDigit(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!isLowerLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}

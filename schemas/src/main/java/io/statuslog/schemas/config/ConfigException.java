package io.statuslog.schemas.config;

/**
 * A configuration file that cannot be used, said in one line an operator can act on: the file,
 * the line and column, the field as written in the YAML and the reason, such as {@code
 * statuslog.yml:12:18: checker.spoolMaxBytes: expected a whole number, got "lots"}.
 */
public final class ConfigException extends IllegalArgumentException {
  ConfigException(String file, int line, int column, String reason) {
    super(file + ":" + line + ":" + column + ": " + reason);
  }

  /** A problem with the file as a whole, such as its absence. */
  ConfigException(String file, String reason) {
    super(file + ": " + reason);
  }
}

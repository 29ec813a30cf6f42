package io.statuslog.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -c FILE} option every role and operator command takes. */
public final class ConfigFileOption {
  @Option(names = {"-c", "--config"}, required = true, description = "Configuration file (statuslog.yml).")
  Path path;

  <T> T load(Class<T> type) {
    return ConfigFiles.load(path, type);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}

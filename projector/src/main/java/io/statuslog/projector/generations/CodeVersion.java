package io.statuslog.projector.generations;

/** The version of the code running, recorded with each generation it builds. */
public final class CodeVersion {
  private CodeVersion() {}

  public static String current() {
    String version = CodeVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}

package io.statuslog.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class in a JVM of its own, on this test's classpath, so a drill can kill a real
 * process (SIGKILL via {@link Process#destroyForcibly()}). Output goes to {@code target/<log>}.
 */
public final class ChildJvm {
  /**
   * JVM options for a child a drill starts again and again, where its start is the drill's
   * cost: the C1 compiler only and the serial collector start a Dropwizard role in about half
   * the time on a small machine. Not for a child whose speed a test measures.
   */
  public static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private ChildJvm() {}

  public static Process start(Class<?> main, String log, String... args) throws IOException {
    return start(main, log, List.of(), args);
  }

  /** As {@link #start(Class, String, String...)}, with these JVM options too. */
  public static Process start(Class<?> main, String log, List<String> jvmOptions, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire and failsafe put the full test classpath here; java.class.path may be a booter jar.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).replace(" ", File.pathSeparator);
    // The test's temporary folder too, so whatever the child leaves there is the test's to clean.
    String tmpdir = "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", tmpdir));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", log).toFile()))
        .start();
    // A drill that fails before its kill must not leave the child running after the test JVM.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "child-jvm-kill"));
    return process;
  }
}

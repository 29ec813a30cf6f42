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
  private ChildJvm() {}

  public static Process start(Class<?> main, String log, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Surefire and failsafe put the full test classpath here; java.class.path may be a booter jar.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).replace(" ", File.pathSeparator);
    // The test's temporary folder too, so whatever the child leaves there is the test's to clean.
    String tmpdir = "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", tmpdir, "-cp", classpath, main.getName()));
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

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .mvn/jdk.sh, the JDK search ./mvnw, ./statuslog and CI share, run by a POSIX sh against fake
 * JDKs: scripts that answer {@code java -XshowSettings:properties} as a real one does.
 */
class JdkSearchTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path temp;
  private Path dir;
  private Path installed;
  private Path java17;

  @BeforeEach
  void installFakeJdks() throws IOException {
    dir = temp.toRealPath();
    installed = Files.createDirectories(dir.resolve("jvm"));
    java17 = fakeJdk(dir.resolve("default-jdk-17"), 17, true);
    fakeJdk(installed.resolve("jdk-21"), 21, true);
    fakeJdk(installed.resolve("jdk-25"), 25, true);
    fakeJdk(installed.resolve("jre-26"), 26, false);
  }

  @Test
  void anOlderDefaultJavaGivesWayToTheNewestInstalledJdk() throws Exception {
    Result result = useJdk(Map.of());

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(installed.resolve("jdk-25").toString());
  }

  @Test
  void aJavaHomeOfTwentyOneOrNewerIsKept() throws Exception {
    Result result = useJdk(Map.of("JAVA_HOME", installed.resolve("jdk-21").toString()));

    assertThat(result.out()).isEqualTo(installed.resolve("jdk-21").toString());
  }

  @Test
  void anOlderJavaHomeGivesWayToo() throws Exception {
    Result result = useJdk(Map.of("JAVA_HOME", java17.toString()));

    assertThat(result.out()).isEqualTo(installed.resolve("jdk-25").toString());
  }

  @Test
  void mvnwStopsInItsFirstSecondsWithOneLineWhenNoJdkFits() throws Exception {
    long started = System.nanoTime();
    Result result = run(List.of(ROOT.resolve("mvnw").toString(), "-v"), Map.of("STATUSLOG_JDK_DIRS", dir.resolve("empty").toString()));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo("statuslog: ./mvnw needs a JDK 21 or newer; install one or set JAVA_HOME (found: 17 at " + java17 + ")");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theFailureNamesEveryJdkSeenOnce() throws Exception {
    Files.createSymbolicLink(Files.createDirectories(dir.resolve("jre-only")).resolve("jre-26"), installed.resolve("jre-26"));

    Result result = useJdk(Map.of("STATUSLOG_JDK_DIRS", dir.resolve("jre-only") + ":" + dir.resolve("jre-only")));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("statuslog: ./mvnw needs a JDK 21 or newer; install one or set JAVA_HOME (found: 17 at " + java17
            + ", 26 at " + installed.resolve("jre-26") + " (no javac))");
  }

  private record Result(int exit, String out, String err) {}

  /** Sources the script as mvnw does and prints the JAVA_HOME it chose. */
  private Result useJdk(Map<String, String> env) throws Exception {
    return run(
        List.of("sh", "-c", ". \"$1\"; statuslog_use_jdk ./mvnw; echo \"$JAVA_HOME\"", "sh", ROOT.resolve(".mvn/jdk.sh").toString()), env);
  }

  /** Runs with the fake JDK 17 as the default java and the fake install folder, unless env says otherwise. */
  private Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("PATH", java17.resolve("bin") + ":/usr/bin:/bin");
    builder.environment().put("STATUSLOG_JDK_DIRS", installed.toString());
    builder.environment().putAll(env);
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Result(process.exitValue(), Files.readString(out).strip(), Files.readString(err).strip());
  }

  private static Path fakeJdk(Path home, int major, boolean withJavac) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    executable(bin.resolve("java"), """
        #!/bin/sh
        echo 'Property settings:' >&2
        echo "    java.home = $(cd "$(dirname "$0")/.." && pwd -P)" >&2
        echo '    java.specification.version = %d' >&2
        echo '    java.vm.specification.version = %d' >&2
        """.formatted(major, major));
    if (withJavac) {
      executable(bin.resolve("javac"), "#!/bin/sh\n");
    }
    return home;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

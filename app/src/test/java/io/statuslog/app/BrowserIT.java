package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a browser renders it: Debian's headless Chromium (installed by .ci/run) loads
 * it, the DOM it built is checked, and a screenshot lands in target/screenshots.
 *
 * <p>Without Chromium this test fails, saying how to install it: a missing browser must not
 * pass as a green build. {@code -Dstatuslog.chromium=PATH} runs another binary than
 * {@code /usr/bin/chromium}; where no browser can be had, {@code -Dstatuslog.browser=skip}
 * skips the test, explicitly and visibly.
 */
@ExtendWith(RealServicesExtension.class)
class BrowserIT {
  private static final Path SCREENSHOT = Path.of("target", "screenshots", "status-page.png");
  private static final Duration CHROMIUM_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void theRenderedPageShowsStateComponentsUptimeBarsAndIncidents(RealServices services) throws Exception {
    Path chromium = chromium();
    TestDatabase database = services.newDatabase();
    try (TestPlatform platform = new TestPlatform(dir, services.newKafka(), database.jdbcUrl(), database.user(), database.password())) {
      platform.startPipeline().startWeb();
      // The admin API takes only components a check definition names; once a result is projected,
      // the checker's definitions (sent before any result) are in the log.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.check("api").path("status").asText()).isEqualTo("UP"));
      String incident = platform.openIncident("{\"title\":\"Slow API responses\",\"severity\":\"MINOR\",\"affectedComponents\":[\"Core\"],\"text\":\"Investigating\"}");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(platform.json("/api/v1/incidents?state=open").path("incidents").size()).isEqualTo(1));
      assertThat(platform.admin("/api/v1/admin/incidents/" + incident + "/updates", "{\"text\":\"Cache warmed; watching\"}").statusCode()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(platform.get("/").body()).contains("Cache warmed"));

      String dom = run(chromium, "--dump-dom", platform.baseUrl() + "/");
      Files.createDirectories(SCREENSHOT.getParent());
      Files.deleteIfExists(SCREENSHOT);
      run(chromium, "--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,1800", platform.baseUrl() + "/");

      assertThat(dom).contains("id=\"overall\">All systems operational</h1>");
      assertThat(dom).contains("<h3>Core</h3>").contains("Public API").contains("Operational");
      assertThat(Pattern.compile("<rect ").matcher(dom).results().count()).isEqualTo(90);
      assertThat(dom).contains("aria-label=\"90-day uptime: 100.00%\"");
      assertThat(dom).contains("Active incidents").contains("Slow API responses").contains("Cache warmed; watching").contains("Investigating");
      assertThat(dom).doesNotContain("stale-banner");
      byte[] png = Files.readAllBytes(SCREENSHOT);
      assertThat(png.length).isGreaterThan(10_000);
      assertThat(new String(png, 1, 3)).isEqualTo("PNG");
    }
  }

  /** The Chromium to run; a failure that says what to do when there is none, unless skipping was asked for. */
  private static Path chromium() {
    Assumptions.assumeFalse("skip".equals(System.getProperty("statuslog.browser")), "browser test skipped on request (-Dstatuslog.browser=skip)");
    Path chromium = Path.of(System.getProperty("statuslog.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      fail("Chromium not found at " + chromium + ": install it (Debian: apt-get install -y chromium chromium-driver),"
          + " point -Dstatuslog.chromium=PATH at it, or skip this test explicitly with -Dstatuslog.browser=skip");
    }
    return chromium;
  }

  /**
   * Headless, with a fresh profile, and with every call home switched off: Debian's Chromium
   * otherwise reaches for update, sync and component servers that this closed network lacks.
   */
  private String run(Path chromium, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Path err = Files.createTempFile(dir, "chromium", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    // Chromium's own temporary files (/tmp/.org.chromium.Chromium.*) go to the folder JUnit deletes.
    builder.environment().put("TMPDIR", dir.toString());
    Process process = builder.start();
    if (!process.waitFor(CHROMIUM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      fail("chromium did not finish within " + CHROMIUM_TIMEOUT + ": " + command);
    }
    assertThat(process.exitValue()).as("chromium exit code; its stderr:%n%s", Files.readString(err)).isZero();
    return Files.readString(out);
  }
}

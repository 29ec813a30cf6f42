package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.testkit.CountingTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `statuslog checks try`: probes from here, now, and says why each check passes or fails. Needs no Kafka. */
class ChecksTryTest {
  @TempDir Path dir;

  private CountingTarget target;

  @BeforeEach
  void start() throws Exception {
    target = CountingTarget.start();
  }

  @AfterEach
  void stop() {
    target.close();
  }

  @Test
  void everyConditionIsPrintedWithWhatItResolvedToAndTheExitCodeSaysIfAllPassed() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: ok, url: "%s"}
          - {id: wrong-status, url: "%s", conditions: ["[STATUS] == 201"]}
        """.formatted(target.url("ok"), target.url("other")));

    Cli.Run run = Cli.run("checks", "try", checks.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("ok (http " + target.url("ok") + "): UP in ").contains("  ok    [STATUS] (200) == 200");
    assertThat(run.out()).contains("wrong-status (http " + target.url("other") + "): DOWN in ").contains("  FAIL  [STATUS] (200) == 201");
    assertThat(target.answered()).containsEntry("ok", 1L).containsEntry("other", 1L);
  }

  @Test
  void oneCheckByIdPassingExitsZeroAndJsonHasTheConditions() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: ok, url: "%s", degradedConditions: ["[RESPONSE_TIME] < 5000"]}
          - {id: other, url: "http://127.0.0.1:9/"}
        """.formatted(target.url("ok")));

    Cli.Run run = Cli.run("checks", "try", checks.toString(), "--id", "ok", "--json");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode tried = new ObjectMapper().readTree(run.out());
    assertThat(tried).hasSize(1);
    assertThat(tried.get(0).path("outcome").asText()).isEqualTo("UP");
    assertThat(tried.get(0).path("conditions")).extracting(c -> c.path("condition").asText() + " " + c.path("degraded").asBoolean())
        .containsExactly("[STATUS] == 200 false", "[RESPONSE_TIME] < 5000 true");
  }

  @Test
  void aPushCheckIsListedNotProbedAndDoesNotFailTheTry() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: ok, url: "%s"}
          - {id: nightly-backup, type: push, interval: 1d}
        """.formatted(target.url("ok")));

    Cli.Run run = Cli.run("checks", "try", checks.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("ok (http " + target.url("ok") + "): UP in ")
        .contains("nightly-backup (push): not probed: the job it watches calls its push URL by itself");
  }

  @Test
  void aBadFileExitsTwoWithEveryProblem() throws Exception {
    Path checks = Files.writeString(dir.resolve("checks.yml"), "checks:\n  - {id: a, url: \"http://x/\", conditions: [\"[STAUTS] == 200\"]}\n");

    Cli.Run run = Cli.run("checks", "try", checks.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("checks[0].conditions[0]: [STAUTS] == 200: unknown placeholder [STAUTS] at position 0");
    assertThat(Cli.run("checks", "try", checks.toString(), "--id", "nope").exit()).isEqualTo(2);
  }
}

package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One spool directory, one running checker; one agent id, one installation. */
@ExtendWith(RealServicesExtension.class)
class AgentIdentityIT {
  @TempDir Path dir;

  @Test
  void aSecondCheckerOnTheSameSpoolDirectoryRefusesToStart(RealServices services) throws Exception {
    CheckerConfiguration config = config(services.newKafka(), "agent-a", dir.resolve("spool"));
    try (CheckerService first = CheckerService.start(config, Clock.systemUTC())) {
      assertThatThrownBy(() -> CheckerService.start(config, Clock.systemUTC()))
          .isInstanceOf(ResultSpool.SpoolInUseException.class)
          .hasMessageContaining("in use by another running checker");
    }
  }

  @Test
  void aSecondInstallationWithTheSameAgentIdStopsAndTheFirstGoesOn(RealServices services) throws Exception {
    KafkaSettings kafka = services.newKafka();
    try (CheckerService first = CheckerService.start(config(kafka, "shared-id", dir.resolve("one")), Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> first.delivered() > 0);

      try (CheckerService second = CheckerService.start(config(kafka, "shared-id", dir.resolve("two")), Clock.systemUTC())) {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> second.fatal().get(60, TimeUnit.SECONDS));
        assertThat(refused.getCause()).hasMessageContaining("agent id 'shared-id' is in use by another running checker");
        assertThat(second.delivered()).as("the second delivered nothing").isZero();
      }

      long before = first.delivered();
      await().atMost(Duration.ofSeconds(30)).until(() -> first.delivered() > before);
      assertThat(first.fatal()).isNotDone();
    }
  }

  @Test
  void theSameInstallationRestartedIsNotRefused(RealServices services) throws Exception {
    CheckerConfiguration config = config(services.newKafka(), null, dir.resolve("spool"));
    CheckerService first = CheckerService.start(config, Clock.systemUTC());
    await().atMost(Duration.ofSeconds(60)).until(() -> first.delivered() > 0);
    first.close();

    try (CheckerService restarted = CheckerService.start(config, Clock.systemUTC())) {
      long before = restarted.delivered();
      await().atMost(Duration.ofSeconds(60)).until(() -> restarted.delivered() > before);
      assertThat(restarted.fatal()).isNotDone();
    }
  }

  private CheckerConfiguration config(KafkaSettings kafka, String agent, Path spool) throws Exception {
    Path checks = dir.resolve("checks.yml");
    if (!Files.exists(checks)) {
      // Probes of a closed port: results are made (DOWN) without a target to run.
      Files.writeString(checks, "checks:\n  - {id: api, url: \"http://127.0.0.1:9/\", interval: 1s, timeout: 500ms}\n");
      new DefinitionsLog(kafka).apply(ChecksFile.read(checks));
    }
    return new CheckerConfiguration(kafka, new CheckerConfiguration.Checker("eu", agent, spool, null));
  }
}

package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.DefinitionDiff;
import io.statuslog.checker.kafka.DefinitionsLog;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks live in the log: workers take them from the definitions topic, follow an apply without
 * a restart, split them within a region, and take over those of a worker that stops.
 */
@ExtendWith(RealServicesExtension.class)
class CheckAssignmentsIT {
  @TempDir Path dir;

  @Test
  void workersOfARegionSplitTheChecksFollowAnApplyAndTakeOverAStoppedOnesShare(RealServices services) throws Exception {
    // Given twelve checks applied to the log, and one worker in region eu
    KafkaSettings kafka = services.newKafka();
    DefinitionsLog log = new DefinitionsLog(kafka);
    DefinitionDiff first = log.apply(ChecksFile.read(checks("c", 12)));
    assertThat(first.summary()).isEqualTo("12 added, 0 changed, 0 removed");
    Set<String> all = ids("c", 12);
    try (CheckerService a = start(kafka, "a")) {
      await().atMost(Duration.ofSeconds(60)).until(() -> a.checkIds().equals(all));

      // When a second worker joins, they split the checks, none twice
      try (CheckerService b = start(kafka, "b")) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !b.checkIds().isEmpty() && union(a, b).equals(all) && disjoint(a, b));

        // And an apply that adds and removes checks reaches them within seconds
        Set<String> changed = new HashSet<>(ids("c", 10));
        changed.add("new-check");
        Path file = Files.writeString(dir.resolve("changed.yml"), yaml(changed));
        assertThat(log.apply(ChecksFile.read(file)).summary()).isEqualTo("1 added, 0 changed, 2 removed");
        await().atMost(Duration.ofSeconds(30)).until(() -> union(a, b).equals(changed) && disjoint(a, b));
        assertThat(log.apply(ChecksFile.read(file)).isEmpty()).as("applying the same file again changes nothing").isTrue();

        // When the second worker stops, the first takes over its checks
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> a.checkIds().size() == 11);
    }
  }

  private CheckerService start(KafkaSettings kafka, String name) {
    return CheckerService.start(new CheckerConfiguration(kafka, new CheckerConfiguration.Checker("eu", "worker-" + name, dir.resolve("spool-" + name), null)), Clock.systemUTC());
  }

  private Path checks(String prefix, int count) throws Exception {
    return Files.writeString(dir.resolve("checks.yml"), yaml(ids(prefix, count)));
  }

  private static String yaml(Set<String> ids) {
    // Probes of a closed port: results are made (DOWN) without a target to run.
    return "checks:\n" + ids.stream().sorted().map(id -> "  - {id: " + id + ", url: \"http://127.0.0.1:9/" + id + "\", interval: 5s, timeout: 1s}\n")
        .collect(Collectors.joining());
  }

  private static Set<String> ids(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).collect(Collectors.toSet());
  }

  private static Set<String> union(CheckerService a, CheckerService b) {
    Set<String> union = new HashSet<>(a.checkIds());
    union.addAll(b.checkIds());
    return union;
  }

  private static boolean disjoint(CheckerService a, CheckerService b) {
    return a.checkIds().stream().noneMatch(b.checkIds()::contains);
  }
}

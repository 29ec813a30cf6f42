package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.checker.spool.ResultSpool;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultSpoolTest {
  @SuppressWarnings("unchecked")
  private static final AvroSerde<CheckResult> SERDE = (AvroSerde<CheckResult>) new Topics("t").checkResults().valueSerde();

  @TempDir Path dir;

  @Test
  void resultsComeBackInOrderAfterAReopen() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SERDE)) {
      for (int i = 0; i < 5; i++) {
        assertThat(spool.append(result("r" + i))).isTrue();
      }
    }
    try (ResultSpool reopened = ResultSpool.open(dir, 1 << 20, SERDE)) {
      assertThat(reopened.lastSeq()).isEqualTo(5);
      assertThat(reopened.readAfter(2, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("r2", "r3", "r4");
      reopened.append(result("r5"));
      assertThat(reopened.readAfter(5, 10, Duration.ZERO)).extracting(ResultSpool.Entry::seq).containsExactly(6L);
    }
  }

  @Test
  void everyResultCarriesTheSpoolsIdentityAndItsNumber() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SERDE)) {
      spool.append(result("a"));
      spool.append(result("b"));

      assertThat(spool.readAfter(0, 10, Duration.ZERO)).allSatisfy(entry -> {
        assertThat(entry.result().getSpoolId()).isEqualTo(spool.id()).matches("[0-9a-f]{16}");
        assertThat(entry.result().getSequence()).isEqualTo(entry.seq());
      });
    }
    try (ResultSpool reopened = ResultSpool.open(dir, 1 << 20, SERDE); ResultSpool other = ResultSpool.open(dir.resolve("other"), 1 << 20, SERDE)) {
      assertThat(reopened.readAfter(0, 1, Duration.ZERO).getFirst().result().getSpoolId()).isEqualTo(reopened.id());
      assertThat(other.id()).isNotEqualTo(reopened.id());
    }
  }

  @Test
  void sequenceNumbersNeverGoBackwardsOnceEverythingWasDeliveredAndDeleted() throws Exception {
    // Given a spool whose every result reached the log, its files deleted
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SERDE)) {
      for (int i = 0; i < 43; i++) {
        spool.append(result("r" + i));
      }
      spool.markDelivered(43);
      assertThat(spool.usedBytes()).isZero();
    }

    // When the checker starts again (Kafka unreachable, so nobody tells it the position) and probes
    try (ResultSpool restarted = ResultSpool.open(dir, 1 << 20, SERDE)) {
      restarted.append(result("after-restart"));

      // Then the new result is numbered after everything delivered, and is pending
      assertThat(restarted.lastSeq()).isEqualTo(44);
      assertThat(restarted.pending()).isEqualTo(1);
      assertThat(restarted.readAfter(restarted.delivered(), 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("after-restart");
    }
  }

  @Test
  void aDeliveredPositionNeverMovesBack() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SERDE)) {
      for (int i = 0; i < 3; i++) {
        spool.append(result("r" + i));
      }
      spool.markDelivered(3);
      spool.markDelivered(1);

      assertThat(spool.delivered()).isEqualTo(3);
    }
  }

  @Test
  void aSecondCheckerOnTheSameDirectoryIsRefused() throws Exception {
    try (ResultSpool first = ResultSpool.open(dir, 1 << 20, SERDE)) {
      assertThatThrownBy(() -> ResultSpool.open(dir, 1 << 20, SERDE))
          .isInstanceOf(ResultSpool.SpoolInUseException.class)
          .hasMessageContaining("in use by another running checker")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    try (ResultSpool afterTheFirstStopped = ResultSpool.open(dir, 1 << 20, SERDE)) {
      assertThat(afterTheFirstStopped.append(result("x"))).isTrue();
    }
  }

  @Test
  void aTornTailFromACrashIsCutOffAndEverythingBeforeItKept() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SERDE)) {
      spool.append(result("kept"));
    }
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.filter(f -> f.toString().endsWith(".spool")).findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND); // half a record

    try (ResultSpool reopened = ResultSpool.open(dir, 1 << 20, SERDE)) {
      assertThat(reopened.readAfter(0, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("kept");
      reopened.append(result("next"));
      assertThat(reopened.readAfter(0, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("kept", "next");
    }
  }

  @Test
  void aFullSpoolRefusesLoudlyAndDeliveredFilesAreReleased() throws IOException {
    try (ResultSpool spool = ResultSpool.open(dir, 400, SERDE)) {
      int accepted = 0;
      while (spool.append(result("r" + accepted))) {
        accepted++;
      }
      assertThat(accepted).isPositive();
      assertThat(spool.dropped()).isEqualTo(1);

      spool.markDelivered(spool.lastSeq());

      assertThat(spool.usedBytes()).isZero();
      assertThat(spool.append(result("after"))).isTrue();
    }
  }

  private static CheckResult result(String id) {
    return CheckResult.newBuilder().setResultId(id).setCheckId("api").setStartedAt(Instant.parse("2026-11-24T10:00:00Z"))
        .setDurationMs(5).setOutcome(Outcome.UP).build();
  }
}

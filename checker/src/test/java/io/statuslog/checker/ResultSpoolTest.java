package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;

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
    try (ResultSpool spool = new ResultSpool(dir, 1 << 20, SERDE)) {
      for (int i = 0; i < 5; i++) {
        assertThat(spool.append(result("r" + i))).isTrue();
      }
    }
    try (ResultSpool reopened = new ResultSpool(dir, 1 << 20, SERDE)) {
      assertThat(reopened.lastSeq()).isEqualTo(5);
      assertThat(reopened.readAfter(2, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("r2", "r3", "r4");
      reopened.append(result("r5"));
      assertThat(reopened.readAfter(5, 10, Duration.ZERO)).extracting(ResultSpool.Entry::seq).containsExactly(6L);
    }
  }

  @Test
  void aTornTailFromACrashIsCutOffAndEverythingBeforeItKept() throws Exception {
    try (ResultSpool spool = new ResultSpool(dir, 1 << 20, SERDE)) {
      spool.append(result("kept"));
    }
    Path file;
    try (Stream<Path> files = Files.list(dir)) {
      file = files.findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND); // half a record

    try (ResultSpool reopened = new ResultSpool(dir, 1 << 20, SERDE)) {
      assertThat(reopened.readAfter(0, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("kept");
      reopened.append(result("next"));
      assertThat(reopened.readAfter(0, 10, Duration.ZERO)).extracting(e -> e.result().getResultId()).containsExactly("kept", "next");
    }
  }

  @Test
  void aFullSpoolRefusesLoudlyAndDeliveredFilesAreReleased() throws IOException {
    try (ResultSpool spool = new ResultSpool(dir, 300, SERDE)) {
      int accepted = 0;
      while (spool.append(result("r" + accepted))) {
        accepted++;
      }
      assertThat(accepted).isPositive();
      assertThat(spool.dropped()).isEqualTo(1);

      spool.release(spool.lastSeq());

      assertThat(spool.usedBytes()).isZero();
      assertThat(spool.append(result("after"))).isTrue();
    }
  }

  private static CheckResult result(String id) {
    return CheckResult.newBuilder().setResultId(id).setCheckId("api").setStartedAt(Instant.parse("2026-11-24T10:00:00Z"))
        .setDurationMs(5).setOutcome(Outcome.UP).build();
  }
}

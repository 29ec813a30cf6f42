package io.statuslog.checker.spool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @TempDir Path dir;

  @Test
  void aResultSetAsideIsWrittenWithItsReasonAndKnownAfterAReopen() throws Exception {
    DeadLetterFile file = DeadLetterFile.open(dir, 0);
    file.add(List.of(entry(3), entry(5)), List.of("startedAt: too old", "durationMs: negative"), T0);

    JsonNode first = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("dead-letters.jsonl")).getFirst());
    assertThat(first.path("seq").asLong()).isEqualTo(3);
    assertThat(first.path("reason").asText()).isEqualTo("startedAt: too old");
    assertThat(first.path("setAsideAt").asText()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(first.path("result").path("resultId").asText()).isEqualTo("r3");
    assertThat(file.contains(3)).isTrue();
    assertThat(file.contains(4)).isFalse();

    // Reopened after the position passed 3: only what is still ahead matters
    DeadLetterFile reopened = DeadLetterFile.open(dir, 4);
    assertThat(reopened.contains(3)).isFalse();
    assertThat(reopened.contains(5)).isTrue();
  }

  @Test
  void aLineTornByACrashIsSkippedAndTheOthersRead() throws Exception {
    DeadLetterFile.open(dir, 0).add(List.of(entry(7)), List.of("bad"), T0);
    Files.writeString(dir.resolve("dead-letters.jsonl"), "{\"seq\": 8, \"rea", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    DeadLetterFile reopened = DeadLetterFile.open(dir, 0);

    assertThat(reopened.contains(7)).isTrue();
    assertThat(reopened.contains(8)).isFalse();
  }

  private static ResultSpool.Entry entry(long seq) {
    return new ResultSpool.Entry(seq, CheckResult.newBuilder()
        .setResultId("r" + seq).setCheckId("api").setStartedAt(T0).setDurationMs(5).setOutcome(Outcome.UP)
        .setSpoolId("0123456789abcdef").setSequence(seq).build());
  }
}

package io.statuslog.checker.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading goes on from where the last batch ended instead of from the start of its file; these
 * tests hold it to the same answers as a read from the start, across many small files, retries
 * from the delivered position, deletions and a reopen.
 */
class ResultSpoolReadingTest {
  @SuppressWarnings("unchecked")
  private static final AvroSerde<CheckResult> SERDE = (AvroSerde<CheckResult>) new Topics("t").checkResults().valueSerde();
  /** A few results per file. */
  private static final long SMALL_FILES = 400;

  @TempDir Path dir;

  @Test
  void aBacklogAcrossManyFilesIsHandedOutOnceInOrderAndItsFilesFreed() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SMALL_FILES, SERDE)) {
      // Given a backlog spread over many files
      appendResults(spool, 0, 200);
      assertThat(spoolFiles()).hasSizeGreaterThan(20);

      // When delivery reads batch after batch, each from the end of the one before
      List<Long> handedOut = new ArrayList<>();
      while (spool.pending() > 0) {
        List<ResultSpool.Entry> batch = spool.readAfter(spool.delivered(), 7, Duration.ZERO);
        batch.forEach(entry -> assertThat(entry.result().getSequence()).isEqualTo(entry.seq()));
        batch.forEach(entry -> handedOut.add(entry.seq()));
        spool.markDelivered(batch.getLast().seq());
        assertThat(spool.usedBytes()).isEqualTo(bytesOnDisk());
      }

      // Then every result came once, in order, and nothing is left on disk
      assertThat(handedOut).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
      assertThat(spoolFiles()).isEmpty();
      assertThat(spool.usedBytes()).isZero();
    }
  }

  /** Batches ending in one file, and in many. */
  @ParameterizedTest
  @ValueSource(longs = {ResultSpool.SEGMENT_BYTES, SMALL_FILES})
  void aRetryReadsTheSameResultsAgainFromTheDeliveredPosition(long fileBytes) throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, fileBytes, SERDE)) {
      appendResults(spool, 0, 60);
      List<ResultSpool.Entry> first = spool.readAfter(0, 25, Duration.ZERO);
      List<ResultSpool.Entry> second = spool.readAfter(first.getLast().seq(), 25, Duration.ZERO);
      assertThat(second.getFirst().seq()).isEqualTo(26);

      // The transaction of the first batch failed: delivery reads from the delivered position again
      List<ResultSpool.Entry> again = spool.readAfter(spool.delivered(), 25, Duration.ZERO);
      assertThat(resultIds(again)).containsExactlyElementsOf(resultIds(first));

      // Any position reads the same, the end of a batch or not, before and after files are freed
      assertThat(seqs(spool.readAfter(37, 5, Duration.ZERO))).containsExactly(38L, 39L, 40L, 41L, 42L);
      spool.markDelivered(30);
      assertThat(seqs(spool.readAfter(30, 5, Duration.ZERO))).containsExactly(31L, 32L, 33L, 34L, 35L);
      assertThat(seqs(spool.readAfter(55, 100, Duration.ZERO))).containsExactly(56L, 57L, 58L, 59L, 60L);
      assertThat(spool.readAfter(60, 100, Duration.ZERO)).isEmpty();

      // Results appended after a batch that reached the end are read on from there
      appendResults(spool, 60, 3);
      assertThat(seqs(spool.readAfter(60, 100, Duration.ZERO))).containsExactly(61L, 62L, 63L);
      assertThat(spool.usedBytes()).isEqualTo(bytesOnDisk());
    }
  }

  @Test
  void whatIsLeftIsReadAfterAReopenAndCountedInTheBytesUsed() throws Exception {
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 20, SMALL_FILES, SERDE)) {
      appendResults(spool, 0, 50);
      spool.markDelivered(spool.readAfter(0, 20, Duration.ZERO).getLast().seq());
    }
    try (ResultSpool reopened = ResultSpool.open(dir, 1 << 20, SMALL_FILES, SERDE)) {
      assertThat(reopened.usedBytes()).isEqualTo(bytesOnDisk()).isPositive();
      assertThat(resultIds(reopened.readAfter(reopened.delivered(), 100, Duration.ZERO)))
          .containsExactlyElementsOf(Stream.iterate(20, i -> i + 1).limit(30).map(i -> "r" + i).toList());
      reopened.markDelivered(50);
      assertThat(reopened.usedBytes()).isZero();
      assertThat(spoolFiles()).isEmpty();
    }
  }

  @Test
  @Timeout(120) // a result lost would leave delivery waiting for it forever
  void resultsAppendedWhileDeliveryReadsAreEachHandedOutOnceInOrder() throws Exception {
    int threads = 8;
    int perThread = 400;
    try (ResultSpool spool = ResultSpool.open(dir, 1 << 24, SMALL_FILES * 10, SERDE);
        ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
      // Given probes appending from many threads (forcing, rotating files) while delivery reads and frees files
      for (int t = 0; t < threads; t++) {
        int thread = t;
        probes.execute(() -> {
          for (int i = 0; i < perThread; i++) {
            assertThat(spool.append(result(thread + "-" + i))).isTrue();
          }
        });
      }
      List<ResultSpool.Entry> delivered = new ArrayList<>();
      while (delivered.size() < threads * perThread) {
        List<ResultSpool.Entry> batch = spool.readAfter(spool.delivered(), 50, Duration.ofMillis(20));
        if (!batch.isEmpty()) {
          delivered.addAll(batch);
          spool.markDelivered(batch.getLast().seq());
        }
      }

      // Then each result came once, numbered in order, and the files are gone
      assertThat(seqs(delivered)).containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
      assertThat(resultIds(delivered)).doesNotHaveDuplicates().hasSize(threads * perThread);
      assertThat(spool.readAfter(spool.delivered(), 50, Duration.ZERO)).isEmpty();
      assertThat(spoolFiles()).isEmpty();
      assertThat(spool.usedBytes()).isZero();
    }
  }

  private static void appendResults(ResultSpool spool, int from, int count) {
    for (int i = from; i < from + count; i++) {
      assertThat(spool.append(result("r" + i))).isTrue();
    }
  }

  private static List<Long> seqs(List<ResultSpool.Entry> entries) {
    return entries.stream().map(ResultSpool.Entry::seq).toList();
  }

  private static List<String> resultIds(List<ResultSpool.Entry> entries) {
    return entries.stream().map(entry -> entry.result().getResultId()).toList();
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".spool")).toList();
    }
  }

  private long bytesOnDisk() throws IOException {
    long total = 0;
    for (Path file : spoolFiles()) {
      total += Files.size(file);
    }
    return total;
  }

  private static CheckResult result(String id) {
    return CheckResult.newBuilder().setResultId(id).setCheckId("api").setStartedAt(Instant.parse("2026-11-24T10:00:00Z"))
        .setDurationMs(5).setOutcome(Outcome.UP).build();
  }
}

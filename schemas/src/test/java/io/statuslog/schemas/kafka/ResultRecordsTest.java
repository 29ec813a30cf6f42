package io.statuslog.schemas.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.events.ProbeTimings;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {
  private final AvroSerde<CheckResult> single = (AvroSerde<CheckResult>) new Topics("t").checkResults().valueSerde();

  @Test
  void aBatchDecodesToItsResultsInOrderWithEveryField() {
    List<CheckResult> results = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      results.add(result(i));
    }

    byte[] record = ResultRecords.encodeBatch(results);

    assertThat(ResultRecords.isBatch(AvroSerde.writerFingerprint(record))).isTrue();
    assertThat(ResultRecords.decode(record)).isEqualTo(results);
  }

  @Test
  void aBatchIsEncodedExactlyAsAvrosOwnWriterEncodesItsResults() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      List<CheckResult> results = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(5); i++) {
        results.add(randomResult(random));
      }

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(expected, null);
      encoder.writeArrayStart();
      encoder.setItemCount(results.size());
      DatumWriter<CheckResult> avro = SpecificData.getForSchema(CheckResult.getClassSchema()).createDatumWriter(CheckResult.getClassSchema());
      for (CheckResult result : results) {
        encoder.startItem();
        avro.write(result, encoder);
      }
      encoder.writeArrayEnd();
      encoder.flush();

      byte[] record = ResultRecords.encodeBatch(results);
      assertThat(Arrays.copyOfRange(record, AvroSerde.HEADER_LENGTH, record.length)).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void aCheckersRecordDecodesToItsOneResult() {
    byte[] record = single.encode(result(7));

    assertThat(ResultRecords.isBatch(AvroSerde.writerFingerprint(record))).isFalse();
    assertThat(ResultRecords.decode(record)).containsExactly(result(7));
  }

  @Test
  void aBatchCutShortIsASerializationError() {
    byte[] record = ResultRecords.encodeBatch(List.of(result(1), result(2)));

    assertThatThrownBy(() -> ResultRecords.decode(Arrays.copyOf(record, record.length - 5)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid batch of results");
  }

  @Test
  void theNewestBatchHoldsTheNewestResult() {
    // A new CheckResult version without a batch version beside it would leave ingest writing old results.
    assertThat(SchemaNormalization.parsingFingerprint64(SchemaCatalog.bundled().newest(ResultRecords.BATCH).getField("results").schema().getElementType()))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(CheckResult.getClassSchema()));
  }

  /** Every field present or absent at random, nullable ones null half the time. */
  private static CheckResult randomResult(Random random) {
    return CheckResult.newBuilder()
        .setResultId("r-" + random.nextInt())
        .setCheckId("check-" + random.nextInt(50))
        .setRegion(random.nextBoolean() ? "eu" : "default")
        .setAgent(random.nextBoolean() ? "" : "agent-é")
        .setStartedAt(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
        .setDurationMs(random.nextLong(100_000))
        .setOutcome(Outcome.values()[random.nextInt(Outcome.values().length)])
        .setHttpStatus(random.nextBoolean() ? null : 100 + random.nextInt(500))
        .setErrorKind(random.nextBoolean() ? null : ErrorKind.values()[random.nextInt(ErrorKind.values().length)])
        .setErrorMessage(random.nextBoolean() ? null : "x".repeat(random.nextInt(300)))
        .setTlsExpiresAt(random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)))
        .setSpoolId(random.nextBoolean() ? null : "edge/spool-" + random.nextInt(3))
        .setSequence(random.nextBoolean() ? null : random.nextLong(Long.MAX_VALUE))
        .setFailedConditions(random.nextBoolean() ? List.of()
            : List.of(new FailedCondition("[STATUS] == 200", "[STATUS] (503) == 200", random.nextBoolean()), new FailedCondition("a", "b", false)))
        .setTimings(random.nextBoolean() ? null : new ProbeTimings(random.nextBoolean() ? null : 1L, 2L, random.nextBoolean() ? null : 3L, null))
        .build();
  }

  private static CheckResult result(int sequence) {
    return CheckResult.newBuilder()
        .setResultId("r-" + sequence)
        .setCheckId("api")
        .setRegion("eu")
        .setAgent("eu-1")
        .setStartedAt(Instant.ofEpochMilli(1_700_000_000_000L + sequence))
        .setDurationMs(40 + sequence)
        .setOutcome(sequence % 2 == 0 ? Outcome.DOWN : Outcome.UP)
        .setHttpStatus(sequence % 2 == 0 ? 503 : 200)
        .setErrorMessage(sequence % 2 == 0 ? "[STATUS] (503) == 200" : null)
        .setSpoolId("eu-1/spool-a")
        .setSequence((long) sequence)
        .setFailedConditions(sequence % 2 == 0 ? List.of(new FailedCondition("[STATUS] == 200", "[STATUS] (503) == 200", false)) : List.of())
        .setTimings(new ProbeTimings(1L, 2L, null, 15L))
        .build();
  }
}

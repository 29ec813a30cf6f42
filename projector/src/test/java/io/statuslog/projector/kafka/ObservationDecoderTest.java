package io.statuslog.projector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.statuslog.projector.core.Observation;
import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.ProbeTimings;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.ResultRecords;
import io.statuslog.schemas.kafka.Topics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ObservationDecoderTest {
  private final AvroSerde<CheckResult> avro = (AvroSerde<CheckResult>) new Topics("t").checkResults().valueSerde();
  private final ObservationDecoder decoder = new ObservationDecoder(SchemaCatalog.bundled().store());
  private final Random random = new Random(42);

  @Test
  void decodesTheNewestVersionAsAvrosOwnReaderDoes() {
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = avro.encode(randomResult());

      assertThat(decoder.decode(bytes)).isEqualTo(Observation.of(avro.decode(bytes)));
    }
  }

  @Test
  void extremeNumbersDecodeAsAvrosOwnReaderDoes() {
    for (long value : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 63, 64, -64, -65, Integer.MAX_VALUE + 1L}) {
      CheckResult result = randomResult();
      result.setDurationMs(value);
      result.setStartedAt(Instant.ofEpochMilli(value));
      result.setHttpStatus((int) value);
      byte[] bytes = avro.encode(result);

      assertThat(decoder.decode(bytes)).isEqualTo(Observation.of(avro.decode(bytes)));
    }
  }

  @Test
  void decodesVersionOneAsAvrosOwnReaderDoesWithTheDefaultsItLacks() {
    Schema v1 = SchemaCatalog.bundled().versions("CheckResult").getFirst();
    for (int i = 0; i < 500; i++) {
      CheckResult result = randomResult();
      GenericRecord record = new GenericData.Record(v1);
      record.put("checkId", result.getCheckId());
      record.put("startedAt", result.getStartedAt().toEpochMilli());
      record.put("durationMs", result.getDurationMs());
      record.put("outcome", new GenericData.EnumSymbol(v1.getField("outcome").schema(), result.getOutcome().name()));
      record.put("httpStatus", result.getHttpStatus());
      record.put("errorMessage", result.getErrorMessage());
      byte[] bytes = encode(v1, record);

      Observation observation = decoder.decode(bytes);

      assertThat(observation).isEqualTo(Observation.of(avro.decode(bytes)));
      assertThat(observation.region()).isEqualTo("default");
      assertThat(observation.errorKind()).isNull();
    }
  }

  @Test
  void aWriterThatEncodesAKeptFieldDifferentlyIsResolvedByAvro() {
    // Same outcome symbols in another order: index 0 means DEGRADED to this writer. Reading
    // indexes as the newest schema numbers them would turn every DEGRADED into UP.
    Schema reordered = new Schema.Parser().parse(CheckResult.getClassSchema().toString()
        .replace("[\"UP\",\"DOWN\",\"DEGRADED\"]", "[\"DEGRADED\",\"UP\",\"DOWN\"]"));
    assertThat(reordered.getField("outcome").schema().getEnumSymbols()).containsExactly("DEGRADED", "UP", "DOWN");
    SchemaStore.Cache writers = new SchemaStore.Cache();
    writers.addSchema(reordered);
    GenericRecord record = new GenericData.Record(reordered);
    record.put("resultId", "r-1");
    record.put("checkId", "api");
    record.put("region", "eu");
    record.put("agent", "a");
    record.put("startedAt", 1_700_000_000_000L);
    record.put("durationMs", 900L);
    record.put("outcome", new GenericData.EnumSymbol(reordered.getField("outcome").schema(), "DEGRADED"));
    record.put("failedConditions", List.of());

    Observation observation = new ObservationDecoder(writers).decode(encode(reordered, record));

    assertThat(observation.outcome()).isEqualTo(Outcome.DEGRADED);
    assertThat(observation.region()).isEqualTo("eu");
  }

  @Test
  void tellsWhichSpoolNumberedEachResultAsAvrosOwnReaderDoes() {
    for (int i = 0; i < 500; i++) {
      CheckResult result = randomResult();
      byte[] bytes = avro.encode(result);

      decoder.decode(bytes);

      assertThat(decoder.spoolId()).isEqualTo(result.getSequence() == null ? null : result.getSpoolId());
      if (result.getSequence() != null) {
        assertThat(decoder.sequence()).isEqualTo(result.getSequence());
      }
    }
  }

  @Test
  void aResultOfAnOlderVersionWasNumberedByNoSpool() {
    CheckResult numbered = randomResult();
    numbered.setSpoolId("0123456789abcdef");
    numbered.setSequence(41L);
    decoder.decode(avro.encode(numbered));
    Schema v2 = SchemaCatalog.bundled().versions("CheckResult").get(1);
    GenericRecord record = new GenericData.Record(v2);
    record.put("resultId", "r");
    record.put("checkId", "api");
    record.put("region", "eu");
    record.put("agent", "a");
    record.put("startedAt", 1_700_000_000_000L);
    record.put("durationMs", 5L);
    record.put("outcome", new GenericData.EnumSymbol(v2.getField("outcome").schema(), "UP"));

    decoder.decode(encode(v2, record));

    assertThat(decoder.spoolId()).as("not the previous record's").isNull();
  }

  @Test
  void theAvroFallbackTellsTheSpoolToo() {
    Schema reordered = new Schema.Parser().parse(CheckResult.getClassSchema().toString()
        .replace("[\"UP\",\"DOWN\",\"DEGRADED\"]", "[\"DEGRADED\",\"UP\",\"DOWN\"]"));
    SchemaStore.Cache writers = new SchemaStore.Cache();
    writers.addSchema(reordered);
    GenericRecord record = new GenericData.Record(reordered);
    record.put("resultId", "r-1");
    record.put("checkId", "api");
    record.put("region", "eu");
    record.put("agent", "a");
    record.put("startedAt", 1_700_000_000_000L);
    record.put("durationMs", 900L);
    record.put("outcome", new GenericData.EnumSymbol(reordered.getField("outcome").schema(), "UP"));
    record.put("spoolId", "0123456789abcdef");
    record.put("sequence", 7L);
    record.put("failedConditions", List.of());
    ObservationDecoder fallback = new ObservationDecoder(writers);

    fallback.decode(encode(reordered, record));

    assertThat(fallback.spoolId()).isEqualTo("0123456789abcdef");
    assertThat(fallback.sequence()).isEqualTo(7L);
  }

  @Test
  void aBatchIsReadResultByResultAsAvrosOwnReaderReadsItAmongSingleRecords() {
    for (int round = 0; round < 100; round++) {
      // A checker's record between two of ingest's batches: the decoder switches plans both ways.
      byte[] single = avro.encode(randomResult());
      assertThat(decoder.decode(single)).isEqualTo(Observation.of(avro.decode(single)));

      List<CheckResult> batch = IntStream.range(0, 1 + round % 7).mapToObj(i -> randomResult()).toList();
      decoder.open(ResultRecords.encodeBatch(batch));
      for (CheckResult result : batch) {
        assertThat(decoder.hasNext()).isTrue();
        assertThat(decoder.next()).isEqualTo(Observation.of(result));
        assertThat(decoder.spoolId()).isEqualTo(result.getSequence() == null ? null : result.getSpoolId());
        if (result.getSequence() != null) {
          assertThat(decoder.sequence()).isEqualTo(result.getSequence());
        }
      }
      assertThat(decoder.hasNext()).as("no result past the batch's last").isFalse();
    }
  }

  @Test
  void aBatchCutShortIsNotAValidEvent() {
    byte[] batch = ResultRecords.encodeBatch(List.of(randomResult(), randomResult()));

    decoder.open(Arrays.copyOf(batch, batch.length - 3));

    assertThatThrownBy(() -> {
      while (decoder.hasNext()) {
        decoder.next();
      }
    }).isInstanceOf(SerializationException.class).hasMessageContaining("not a valid event");
  }

  @Test
  void everyKeptBatchVersionIsReadByTheFastPath() {
    assertThat(SchemaCatalog.bundled().versions(ResultRecords.BATCH)).allSatisfy(writer -> assertThat(decoder.decodesFast(writer)).as(writer.getDoc()).isTrue());
  }

  @Test
  void everyKeptVersionIsReadByTheFastPath() {
    assertThat(SchemaCatalog.bundled().versions("CheckResult")).allSatisfy(writer -> assertThat(decoder.decodesFast(writer)).as(writer.getDoc()).isTrue());
  }

  @Test
  void bytesThatAreNotAResultAreASerializationError() {
    byte[] valid = avro.encode(randomResult());

    assertThatThrownBy(() -> decoder.decode("hello, world".getBytes()))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid event");
    assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(valid, 14)))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid event");
    byte[] unknownWriter = valid.clone();
    unknownWriter[5] ^= 0x5A;
    assertThatThrownBy(() -> decoder.decode(unknownWriter))
        .isInstanceOf(SerializationException.class).hasMessageContaining("no kept schema");
  }

  @Test
  void handsOutOneStringPerCheckIdAndRegion() {
    CheckResult result = randomResult();

    Observation first = decoder.decode(avro.encode(result));
    Observation second = decoder.decode(avro.encode(result));

    assertThat(second.checkId()).isSameAs(first.checkId());
    assertThat(second.region()).isSameAs(first.region());
  }

  @Test
  void moreDistinctIdsThanTheStringCacheHoldsStillDecodeToThemselves() {
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < 20_000; i++) {
        CheckResult result = randomResult();
        result.setCheckId(i % 3 == 0 ? "c" + i : "check-" + i + "-" + (i * 7919 % 1000));

        assertThat(decoder.decode(avro.encode(result)).checkId()).isEqualTo(result.getCheckId());
      }
    }
  }

  @Test
  void idsThatDifferOnlyInTheirMiddleAreToldApart() {
    // Same length, same first and last eight bytes: the same slot of the string cache.
    List<String> ids = List.of("check-aaaa-1-aaaa-end", "check-aaaa-2-aaaa-end", "check-aaaa-3-aaaa-end");
    for (int pass = 0; pass < 3; pass++) {
      for (String id : ids) {
        CheckResult result = randomResult();
        result.setCheckId(id);

        assertThat(decoder.decode(avro.encode(result)).checkId()).isEqualTo(id);
      }
    }
  }

  @Test
  void everyIdOfALargeInstallationIsDecodedOnceAndThenShared() {
    List<String> ids = IntStream.range(0, 10_000).mapToObj(i -> "check-" + i).toList();
    Map<String, String> first = new HashMap<>();
    for (String id : ids) {
      first.put(id, decodeCheckId(id));
    }

    for (String id : ids) {
      assertThat(decodeCheckId(id)).isEqualTo(id).isSameAs(first.get(id));
    }
  }

  private String decodeCheckId(String id) {
    CheckResult result = randomResult();
    result.setCheckId(id);
    return decoder.decode(avro.encode(result)).checkId();
  }

  private CheckResult randomResult() {
    boolean failed = random.nextBoolean();
    return CheckResult.newBuilder()
        .setResultId("r-" + random.nextLong())
        .setCheckId(random.nextInt(10) == 0 ? "prüfung-ü-" + random.nextInt(5) : "check-" + random.nextInt(50))
        .setRegion(random.nextBoolean() ? "eu-west" : "us-east")
        .setAgent("agent-" + random.nextInt(3))
        .setStartedAt(Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000)))
        .setDurationMs(random.nextInt(30_000))
        .setOutcome(Outcome.values()[random.nextInt(Outcome.values().length)])
        .setHttpStatus(random.nextInt(4) == 0 ? null : 200 + random.nextInt(400))
        .setErrorKind(failed ? ErrorKind.values()[random.nextInt(ErrorKind.values().length)] : null)
        .setErrorMessage(failed ? "connect timed out after " + random.nextInt(10_000) + " ms" : null)
        .setTlsExpiresAt(random.nextBoolean() ? Instant.ofEpochMilli(1_800_000_000_000L) : null)
        .setFailedConditions(failed ? List.of(
            new FailedCondition("[STATUS] == 200", "[STATUS] (" + random.nextInt(600) + ") == 200", false),
            new FailedCondition("[BODY].status == UP", "[BODY].status (DOWN) == UP", random.nextBoolean())) : List.of())
        .setTimings(random.nextBoolean() ? new ProbeTimings((long) random.nextInt(50), (long) random.nextInt(50), random.nextBoolean() ? null : 12L, 30L) : null)
        .setSpoolId(random.nextInt(5) == 0 ? null : "spool-" + random.nextInt(3))
        .setSequence(random.nextInt(5) == 0 ? null : random.nextLong(Long.MAX_VALUE))
        .build();
  }

  private static byte[] encode(Schema writer, GenericRecord record) {
    try {
      ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

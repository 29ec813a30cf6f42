package io.statuslog.schemas.kafka;

import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.ProbeTimings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The records of the results topic. A checker writes each result as a record of its own (a
 * {@code CheckResult}, in Kafka transactions with its spool position); ingest writes each batch an
 * agent posted as one record (a {@code CheckResultBatch}), so the batch is in the log whole or not
 * at all without a transaction per batch: a transaction cost the broker more than the results
 * themselves. Both are Avro single-object encoded, so a reader tells them apart by the writer
 * schema's fingerprint in the header; this class reads either as a list of results.
 */
public final class ResultRecords {
  /** The catalog's name for the batch record. */
  public static final String BATCH = "CheckResultBatch";

  private static final SchemaCatalog CATALOG = SchemaCatalog.bundled();
  private static final Schema NEWEST_BATCH = CATALOG.newest(BATCH);
  private static final byte[] BATCH_HEADER = AvroSerde.header(SchemaNormalization.parsingFingerprint64(NEWEST_BATCH));
  /**
   * The parsing fingerprint of the CheckResult schema {@link #write} encodes, field by field;
   * a new CheckResult version fails this class's loading, and with it every test that encodes.
   */
  private static final long WRITTEN_RESULT = 0x5a79988993266748L;
  private static final AvroSerde<CheckResult> SINGLE = new AvroSerde<>(CheckResult.getClassSchema(), CATALOG);
  private static final Map<Long, DatumReader<GenericRecord>> BATCH_READERS = new ConcurrentHashMap<>();

  static {
    if (SchemaNormalization.parsingFingerprint64(NEWEST_BATCH.getField("results").schema().getElementType())
        != SchemaNormalization.parsingFingerprint64(CheckResult.getClassSchema())) {
      throw new IllegalStateException("the newest " + BATCH + " does not hold the newest CheckResult; keep a new " + BATCH + " version beside each new CheckResult version");
    }
    if (SchemaNormalization.parsingFingerprint64(CheckResult.getClassSchema()) != WRITTEN_RESULT) {
      throw new IllegalStateException("ResultRecords.write encodes another CheckResult than the newest; write its new fields, then update WRITTEN_RESULT to "
          + Long.toHexString(SchemaNormalization.parsingFingerprint64(CheckResult.getClassSchema())));
    }
  }

  private ResultRecords() {}

  /** The results as one batch record, in their order. */
  public static byte[] encodeBatch(List<CheckResult> results) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 160 * results.size());
    out.writeBytes(BATCH_HEADER);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      // An Avro array: one block of every result, then the empty block that ends it.
      encoder.writeArrayStart();
      encoder.setItemCount(results.size());
      for (CheckResult result : results) {
        encoder.startItem();
        write(result, encoder);
      }
      encoder.writeArrayEnd();
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NullPointerException e) {
      throw new SerializationException("cannot encode a batch of results: a required field is missing", e);
    }
    return out.toByteArray();
  }

  /**
   * One result, as Avro's own writer encodes it (a test compares them on random results), in a
   * fifth of its time: Avro's writer looks up every field's schema and resolves every union by
   * value, which was the largest part of ingest's work per result.
   */
  private static void write(CheckResult result, Encoder out) throws IOException {
    out.writeString(result.getResultId());
    out.writeString(result.getCheckId());
    out.writeString(result.getRegion());
    out.writeString(result.getAgent());
    out.writeLong(result.getStartedAt().toEpochMilli());
    out.writeLong(result.getDurationMs());
    out.writeEnum(result.getOutcome().ordinal());
    if (nullable(out, result.getHttpStatus())) {
      out.writeInt(result.getHttpStatus());
    }
    if (nullable(out, result.getErrorKind())) {
      out.writeEnum(result.getErrorKind().ordinal());
    }
    if (nullable(out, result.getErrorMessage())) {
      out.writeString(result.getErrorMessage());
    }
    if (nullable(out, result.getTlsExpiresAt())) {
      out.writeLong(result.getTlsExpiresAt().toEpochMilli());
    }
    if (nullable(out, result.getSpoolId())) {
      out.writeString(result.getSpoolId());
    }
    writeNullable(out, result.getSequence());
    List<FailedCondition> conditions = result.getFailedConditions();
    out.writeArrayStart();
    out.setItemCount(conditions.size());
    for (FailedCondition condition : conditions) {
      out.startItem();
      out.writeString(condition.getCondition());
      out.writeString(condition.getResolved());
      out.writeBoolean(condition.getDegraded());
    }
    out.writeArrayEnd();
    ProbeTimings timings = result.getTimings();
    if (nullable(out, timings)) {
      writeNullable(out, timings.getDnsMs());
      writeNullable(out, timings.getConnectMs());
      writeNullable(out, timings.getTlsMs());
      writeNullable(out, timings.getFirstByteMs());
    }
  }

  private static void writeNullable(Encoder out, Long value) throws IOException {
    if (nullable(out, value)) {
      out.writeLong(value);
    }
  }

  /** A ["null", X] union's branch: false (null written) when the value is null. */
  private static boolean nullable(Encoder out, Object value) throws IOException {
    out.writeIndex(value == null ? 0 : 1);
    return value != null;
  }

  /** True when the writer schema with this fingerprint (from a record's header) is a batch's. */
  public static boolean isBatch(long writerFingerprint) {
    Schema writer = CATALOG.store().findByFingerprint(writerFingerprint);
    return writer != null && writer.getName().equals(BATCH);
  }

  /** The results a record of the results topic holds: one for a checker's, the batch for ingest's. */
  public static List<CheckResult> decode(byte[] value) {
    long fingerprint = AvroSerde.writerFingerprint(value);
    if (!isBatch(fingerprint)) {
      return List.of(SINGLE.decode(value));
    }
    DatumReader<GenericRecord> reader = BATCH_READERS.computeIfAbsent(fingerprint, ResultRecords::batchReader);
    try {
      GenericRecord batch = reader.read(null, DecoderFactory.get().binaryDecoder(value, AvroSerde.HEADER_LENGTH, value.length - AvroSerde.HEADER_LENGTH, null));
      @SuppressWarnings("unchecked")
      List<CheckResult> results = List.copyOf((List<CheckResult>) batch.get("results"));
      return results;
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
      throw new SerializationException("not a valid batch of results: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a batch written with any kept version as the newest; the batch itself has no generated
   * class (a generic record), its results are {@link CheckResult}s.
   */
  @SuppressWarnings("unchecked")
  private static DatumReader<GenericRecord> batchReader(long fingerprint) {
    AvroSerde.trustEvents();
    return (DatumReader<GenericRecord>) SpecificData.getForSchema(CheckResult.getClassSchema())
        .createDatumReader(CATALOG.store().findByFingerprint(fingerprint), NEWEST_BATCH);
  }
}

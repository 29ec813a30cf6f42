package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Observation;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes check results straight into {@link Observation}s: it reads the fields the read model
 * keeps from the record's bytes and steps over the others, and hands out one String per
 * distinct check id and region. Avro's specific reader builds every string of every record
 * (result id, agent) and copies each record's tail, which made decoding half of a replay's cost.
 *
 * <p>A plan is made once per writer schema. The fast plan is only used when every kept field
 * the writer has is encoded exactly as the newest schema encodes it (same parsing canonical
 * form) and every kept field it lacks defaults to null (or the default region); the fields it
 * does not keep (result id, agent) are stepped over whatever their shape, and those after the
 * last kept field (failed conditions, timings) are not read at all: stepping over them was a
 * tenth of decoding. So a record cut short inside those fields still decodes here, where
 * Avro's reader would refuse it; the log's own checksums, not this decoder, guard against
 * cut records. Any other writer (a promoted type, a reordered enum) is decoded by Avro's own
 * resolver, so correctness never rests on the fast path.
 *
 * <p>Not thread-safe: one per projector loop.
 */
final class ObservationDecoder {
  private static final Schema READER = CheckResult.getClassSchema();
  private static final String DEFAULT_REGION = READER.getField("region").defaultVal().toString();
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final ErrorKind[] ERROR_KINDS = ErrorKind.values();
  /** HTTP statuses, boxed once: Integer.valueOf caches only up to 127. */
  private static final Integer[] STATUS_CODES = IntStream.range(0, 600).boxed().toArray(Integer[]::new);

  /** What to do with one field of the writer schema, in the writer's order. */
  private enum Kept {
    CHECK_ID("checkId"),
    REGION("region"),
    STARTED_AT("startedAt"),
    DURATION_MS("durationMs"),
    OUTCOME("outcome"),
    HTTP_STATUS("httpStatus"),
    ERROR_KIND("errorKind"),
    ERROR_MESSAGE("errorMessage"),
    SPOOL_ID("spoolId"),
    SEQUENCE("sequence"),
    SKIPPED(null);

    final String field;

    Kept(String field) {
      this.field = field;
    }
  }

  private record Step(Kept kept, Schema writerSchema) {}

  /** Either the steps of the fast path, or Avro's resolving reader for this writer. */
  private record Plan(Step[] steps, DatumReader<CheckResult> avro) {}

  private final SchemaStore writers;
  private final Map<Long, Plan> plans = new HashMap<>();
  private final AvroCursor cursor = new AvroCursor();
  /**
   * The log holds runs of records from one writer; the last plan saves a map lookup per record.
   * It starts as the newest schema's, the one checkers write: a first record that took another
   * branch than all the others would have that branch compiled as a trap, and every new loop
   * (a rebuild, a restart, a verify) would begin by throwing its compiled decoder away.
   */
  private long lastFingerprint;
  private Plan lastPlan;
  /** Where the last decoded result was numbered: read by duplicate detection, not kept by the read model. */
  private String spoolId;
  private long sequence;

  ObservationDecoder(SchemaStore writers) {
    this.writers = writers;
    this.lastFingerprint = SchemaNormalization.parsingFingerprint64(READER);
    this.lastPlan = planFor(READER);
    plans.put(lastFingerprint, lastPlan);
  }

  Observation decode(byte[] bytes) {
    long fingerprint = AvroSerde.writerFingerprint(bytes);
    if (fingerprint != lastFingerprint) {
      lastPlan = plans.computeIfAbsent(fingerprint, this::planFor);
      lastFingerprint = fingerprint;
    }
    Plan plan = lastPlan;
    if (plan.avro() != null) {
      try {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, AvroSerde.HEADER_LENGTH, bytes.length - AvroSerde.HEADER_LENGTH, null);
        CheckResult result = plan.avro().read(null, decoder);
        spoolId = result.getSequence() == null ? null : result.getSpoolId();
        sequence = result.getSequence() == null ? 0 : result.getSequence();
        return Observation.of(result);
      } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
        throw new SerializationException("not a valid event: " + e.getMessage(), e);
      }
    }
    cursor.reset(bytes, AvroSerde.HEADER_LENGTH);
    return read(plan.steps());
  }

  private Observation read(Step[] steps) {
    String checkId = null;
    String region = DEFAULT_REGION;
    long startedAtMs = 0;
    long durationMs = 0;
    Outcome outcome = null;
    Integer httpStatus = null;
    ErrorKind errorKind = null;
    String errorMessage = null;
    String spool = null;
    boolean numbered = false;
    long number = 0;
    for (Step step : steps) {
      switch (step.kept()) {
        case CHECK_ID -> checkId = cursor.readCachedString();
        case REGION -> region = cursor.readCachedString();
        case STARTED_AT -> startedAtMs = cursor.readLong();
        case DURATION_MS -> durationMs = cursor.readLong();
        case OUTCOME -> outcome = OUTCOMES[cursor.readIndex(OUTCOMES.length)];
        case HTTP_STATUS -> httpStatus = isNull() ? null : boxed(cursor.readInt());
        case ERROR_KIND -> errorKind = isNull() ? null : ERROR_KINDS[cursor.readIndex(ERROR_KINDS.length)];
        case ERROR_MESSAGE -> errorMessage = isNull() ? null : cursor.readString();
        case SPOOL_ID -> spool = isNull() ? null : cursor.readCachedString();
        case SEQUENCE -> {
          numbered = !isNull();
          number = numbered ? cursor.readLong() : 0;
        }
        case SKIPPED -> cursor.skip(step.writerSchema());
      }
    }
    spoolId = numbered ? spool : null;
    sequence = number;
    return new Observation(checkId, region, startedAtMs, durationMs, outcome, httpStatus, errorKind, errorMessage);
  }

  /** True when records of this writer schema are read by the fast path, not Avro's resolver. */
  boolean decodesFast(Schema writer) {
    return planFor(SchemaNormalization.parsingFingerprint64(writer)).avro() == null;
  }

  /** The spool that numbered the last decoded result; null when none did. */
  String spoolId() {
    return spoolId;
  }

  /** The last decoded result's number in its spool; meaningful only when {@link #spoolId()} is not null. */
  long sequence() {
    return sequence;
  }

  private static Integer boxed(int status) {
    return status >= 0 && status < STATUS_CODES.length ? STATUS_CODES[status] : Integer.valueOf(status);
  }

  /** The branch of a ["null", X] union; its shape was checked when the plan was made. */
  private boolean isNull() {
    return cursor.readIndex(2) == 0;
  }

  private Plan planFor(long fingerprint) {
    Schema writer = writers.findByFingerprint(fingerprint);
    if (writer == null) {
      throw new SerializationException("not a valid event: no kept schema has fingerprint " + Long.toHexString(fingerprint));
    }
    return planFor(writer);
  }

  private static Plan planFor(Schema writer) {
    List<Step> steps = new ArrayList<>();
    for (Schema.Field field : writer.getFields()) {
      Kept kept = keptAs(field.name());
      boolean fast = kept == Kept.SKIPPED || sameEncoding(field.schema(), READER.getField(kept.field).schema());
      if (!fast) {
        return avroPlan(writer);
      }
      steps.add(new Step(kept, field.schema()));
    }
    for (Kept kept : Kept.values()) {
      if (kept.field != null && writer.getField(kept.field) == null && !defaultedOnFastPath(kept)) {
        return avroPlan(writer);
      }
    }
    // The fields after the last kept one are never read: nothing is gained by stepping over them.
    while (!steps.isEmpty() && steps.getLast().kept() == Kept.SKIPPED) {
      steps.removeLast();
    }
    return new Plan(steps.toArray(Step[]::new), null);
  }

  @SuppressWarnings("unchecked")
  private static Plan avroPlan(Schema writer) {
    return new Plan(null, (DatumReader<CheckResult>) SpecificData.getForSchema(READER).createDatumReader(writer, READER));
  }

  /** The fast path starts each record with these defaults: the region's, and null for the rest. */
  private static boolean defaultedOnFastPath(Kept kept) {
    Object value = READER.getField(kept.field).defaultVal();
    return kept == Kept.REGION ? DEFAULT_REGION.equals(value) : value == JsonProperties.NULL_VALUE;
  }

  private static Kept keptAs(String fieldName) {
    for (Kept kept : Kept.values()) {
      if (fieldName.equals(kept.field)) {
        return kept;
      }
    }
    return Kept.SKIPPED;
  }

  /** Same bytes on the wire: Avro's resolution, too, looks at nothing else. */
  private static boolean sameEncoding(Schema writer, Schema reader) {
    return SchemaNormalization.toParsingForm(writer).equals(SchemaNormalization.toParsingForm(reader));
  }
}

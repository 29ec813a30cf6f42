package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Observation;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.ErrorKind;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.AvroSerde;
import io.statuslog.schemas.kafka.ResultRecords;
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
 * <p>A record holds one result (a checker's) or, from ingest, a batch of them
 * ({@link ResultRecords}): {@link #open} a record, then take its results with {@link #next}
 * while {@link #hasNext}. A batch's results are read with the same plan as its item schema, but
 * not cut short: the next result follows each one's last field.
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

  /**
   * The steps of the fast path, or else Avro's resolving reader for a single result (for a batch:
   * {@link ResultRecords#decode}); and whether the record is a batch.
   */
  private record Plan(Step[] steps, DatumReader<CheckResult> avro, boolean batch) {}

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
  /** Results of the open record not yet taken (in the current block, for a batch). */
  private int remaining;
  /** The open record's results when Avro's reader decoded them, and the next one's index. */
  private List<CheckResult> resolved;
  private int nextResolved;

  ObservationDecoder(SchemaStore writers) {
    this.writers = writers;
    this.lastFingerprint = SchemaNormalization.parsingFingerprint64(READER);
    this.lastPlan = planFor(READER);
    plans.put(lastFingerprint, lastPlan);
  }

  /** Starts on a record of the results topic: one result, or a batch of them. */
  void open(byte[] bytes) {
    long fingerprint = AvroSerde.writerFingerprint(bytes);
    if (fingerprint != lastFingerprint) {
      lastPlan = plans.computeIfAbsent(fingerprint, this::planFor);
      lastFingerprint = fingerprint;
    }
    Plan plan = lastPlan;
    if (plan.steps() == null) {
      resolved = plan.batch() ? ResultRecords.decode(bytes) : List.of(decodeWithAvro(plan.avro(), bytes));
      nextResolved = 0;
      remaining = resolved.size();
      return;
    }
    resolved = null;
    cursor.reset(bytes, AvroSerde.HEADER_LENGTH);
    remaining = plan.batch() ? nextBlock() : 1;
  }

  /** True while the open record holds a result not yet taken. */
  boolean hasNext() {
    return remaining > 0;
  }

  /** The open record's next result; its spool and number are then {@link #spoolId()} and {@link #sequence()}. */
  Observation next() {
    if (remaining <= 0) {
      throw new IllegalStateException("no result left in this record");
    }
    remaining--;
    if (resolved != null) {
      CheckResult result = resolved.get(nextResolved++);
      spoolId = result.getSequence() == null ? null : result.getSpoolId();
      sequence = result.getSequence() == null ? 0 : result.getSequence();
      return Observation.of(result);
    }
    Observation observation = read(lastPlan.steps());
    if (remaining == 0 && lastPlan.batch()) {
      remaining = nextBlock();
    }
    return observation;
  }

  /** The one result of a checker's record (the first of a batch). */
  Observation decode(byte[] bytes) {
    open(bytes);
    return next();
  }

  /** An Avro array comes in blocks: a count, that many items, until a count of 0; a negative count is followed by the block's size in bytes. */
  private int nextBlock() {
    long count = cursor.readLong();
    if (count < 0) {
      cursor.readLong();
      count = -count;
    }
    if (count > Integer.MAX_VALUE) {
      throw new SerializationException("not a valid event: a block of " + count + " results");
    }
    return (int) count;
  }

  private static CheckResult decodeWithAvro(DatumReader<CheckResult> avro, byte[] bytes) {
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, AvroSerde.HEADER_LENGTH, bytes.length - AvroSerde.HEADER_LENGTH, null);
      return avro.read(null, decoder);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException("not a valid event: " + e.getMessage(), e);
    }
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
    return planFor(SchemaNormalization.parsingFingerprint64(writer)).steps() != null;
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
    if (writer.getName().equals(ResultRecords.BATCH)) {
      Schema.Field results = writer.getField("results");
      boolean onlyResults = writer.getFields().size() == 1 && results != null && results.schema().getType() == Schema.Type.ARRAY;
      Step[] steps = onlyResults ? fastSteps(results.schema().getElementType(), false) : null;
      return new Plan(steps, null, true);
    }
    Step[] steps = fastSteps(writer, true);
    return steps == null ? avroPlan(writer) : new Plan(steps, null, false);
  }

  /**
   * The fast path's steps for a result written with this schema, or null when it cannot read it.
   * {@code cutShort}: the fields after the last kept one are not stepped over (nothing follows
   * them in a record of one result; in a batch, the next result does).
   */
  private static Step[] fastSteps(Schema writer, boolean cutShort) {
    List<Step> steps = new ArrayList<>();
    for (Schema.Field field : writer.getFields()) {
      Kept kept = keptAs(field.name());
      boolean fast = kept == Kept.SKIPPED || sameEncoding(field.schema(), READER.getField(kept.field).schema());
      if (!fast) {
        return null;
      }
      steps.add(new Step(kept, field.schema()));
    }
    for (Kept kept : Kept.values()) {
      if (kept.field != null && writer.getField(kept.field) == null && !defaultedOnFastPath(kept)) {
        return null;
      }
    }
    while (cutShort && !steps.isEmpty() && steps.getLast().kept() == Kept.SKIPPED) {
      steps.removeLast();
    }
    return steps.toArray(Step[]::new);
  }

  @SuppressWarnings("unchecked")
  private static Plan avroPlan(Schema writer) {
    return new Plan(null, (DatumReader<CheckResult>) SpecificData.getForSchema(READER).createDatumReader(writer, READER), false);
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

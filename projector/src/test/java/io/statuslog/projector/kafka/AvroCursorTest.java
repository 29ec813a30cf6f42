package io.statuslog.projector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.events.FailedCondition;
import io.statuslog.schemas.events.ProbeTimings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AvroCursorTest {
  private static final long MARKER = 424_242L;
  private final AvroCursor cursor = new AvroCursor();

  @Test
  void arraysWrittenInSizedBlocksAreSteppedOverWhole() throws IOException {
    Schema conditions = Schema.createArray(FailedCondition.getClassSchema());
    List<FailedCondition> value = List.of(
        new FailedCondition("[STATUS] == 200", "[STATUS] (503) == 200", false),
        new FailedCondition("[BODY].ok == true", "[BODY].ok (false) == true", false),
        new FailedCondition("[RESPONSE_TIME] < 500", "[RESPONSE_TIME] (900) < 500", true));
    // Avro's blocking encoder writes arrays as blocks with a negative count and a byte size.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder blocking = new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null);
    new SpecificDatumWriter<List<FailedCondition>>(conditions).write(value, blocking);
    blocking.writeLong(MARKER);
    blocking.flush();

    assertThat(readMarkerAfterSkipping(conditions, out.toByteArray())).isEqualTo(MARKER);
  }

  @Test
  void everyOtherShapeIsSteppedOverToo() throws IOException {
    Schema shapes = Schema.createRecord("Shapes", null, "test", false, List.of(
        new Schema.Field("timings", Schema.createUnion(Schema.create(Schema.Type.NULL), ProbeTimings.getClassSchema())),
        new Schema.Field("labels", Schema.createMap(Schema.create(Schema.Type.STRING))),
        new Schema.Field("ratio", Schema.create(Schema.Type.DOUBLE)),
        new Schema.Field("weight", Schema.create(Schema.Type.FLOAT)),
        new Schema.Field("ok", Schema.create(Schema.Type.BOOLEAN)),
        new Schema.Field("hash", Schema.createFixed("Hash", null, "test", 5)),
        new Schema.Field("raw", Schema.create(Schema.Type.BYTES))));
    var record = new org.apache.avro.generic.GenericData.Record(shapes);
    record.put("timings", new ProbeTimings(1L, 2L, null, 4L));
    record.put("labels", Map.of("team", "payments", "tier", "1"));
    record.put("ratio", 0.25);
    record.put("weight", 1.5f);
    record.put("ok", true);
    record.put("hash", new org.apache.avro.generic.GenericData.Fixed(shapes.getField("hash").schema(), new byte[] {1, 2, 3, 4, 5}));
    record.put("raw", java.nio.ByteBuffer.wrap(new byte[] {9, 8, 7}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<Object>(shapes).write(record, encoder);
    encoder.writeLong(MARKER);
    encoder.flush();

    assertThat(readMarkerAfterSkipping(shapes, out.toByteArray())).isEqualTo(MARKER);
  }

  private long readMarkerAfterSkipping(Schema schema, byte[] bytes) {
    cursor.reset(bytes, 0);
    cursor.skip(schema);
    return cursor.readLong();
  }
}

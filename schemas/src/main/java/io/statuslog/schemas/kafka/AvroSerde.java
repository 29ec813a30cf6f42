package io.statuslog.schemas.kafka;

import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding: each value carries its writer schema's fingerprint, and the
 * decoder resolves it against every version kept in {@link SchemaCatalog}. A null value is a
 * tombstone and passes through as null.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  static {
    // Avro refuses to instantiate classes it was not told to trust; our generated events are
    // the only ones it ever needs to build from a schema name.
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            type -> type.getName().startsWith(CheckResult.class.getPackageName() + ".")));
  }

  /** Makes sure Avro trusts our generated events, for code that builds them without a serde. */
  public static void trustEvents() {
    // The static initializer above has run once this method is called.
  }

  private static final VarHandle LITTLE_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Marker C3 01, then the writer schema's 64-bit fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private final Schema readerSchema;
  private final SpecificData model;
  private final SchemaCatalog catalog;
  private final BinaryMessageEncoder<T> encoder;
  private final Map<Long, DatumReader<T>> readersByFingerprint = new ConcurrentHashMap<>();

  public AvroSerde(Schema readerSchema, SchemaCatalog catalog) {
    this.readerSchema = readerSchema;
    this.model = SpecificData.getForSchema(readerSchema);
    this.catalog = catalog;
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
  }

  public byte[] encode(T value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("cannot encode " + value.getSchema().getName(), e);
    }
  }

  /**
   * Reads the single-object header (marker C3 01, then the writer schema's 64-bit fingerprint,
   * little-endian) and decodes the body with a buffered decoder and a reader cached per writer
   * schema: Avro's own message decoder reads byte by byte, which replay throughput felt.
   */
  public T decode(byte[] bytes) {
    DatumReader<T> reader = readersByFingerprint.computeIfAbsent(writerFingerprint(bytes), this::readerFor);
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException("not a valid event: " + e.getMessage(), e);
    }
  }

  /** The single-object header for events written with the schema of this fingerprint. */
  public static byte[] header(long writerFingerprint) {
    byte[] header = new byte[HEADER_LENGTH];
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    LITTLE_ENDIAN_LONG.set(header, 2, writerFingerprint);
    return header;
  }

  /** The fingerprint of the schema an encoded event was written with, from its header. */
  public static long writerFingerprint(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      throw new SerializationException("not a valid event: no Avro single-object header");
    }
    return (long) LITTLE_ENDIAN_LONG.get(bytes, 2);
  }

  @SuppressWarnings("unchecked")
  private DatumReader<T> readerFor(long fingerprint) {
    Schema writer = catalog.store().findByFingerprint(fingerprint);
    if (writer == null) {
      throw new SerializationException("not a valid event: no kept schema has fingerprint " + Long.toHexString(fingerprint));
    }
    return (DatumReader<T>) model.createDatumReader(writer, readerSchema);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}

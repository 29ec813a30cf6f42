package io.statuslog.schemas.kafka;

import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
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

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Schema readerSchema, SchemaCatalog catalog) {
    SpecificData model = SpecificData.getForSchema(readerSchema);
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
    this.decoder = new BinaryMessageDecoder<>(model, readerSchema, catalog.store());
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

  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("not a valid event: " + e.getMessage(), e);
    }
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

package io.statuslog.projector.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Avro's binary encoding straight from one record's bytes: zig-zag varints, length-prefixed
 * strings, union branches. Avro's {@code BinaryDecoder} copies the tail of every record into a
 * scratch buffer so that it may read ahead; a cursor that knows where its record ends needs no
 * copy. Strings that repeat (check ids, regions) come from a small cache instead of a new String
 * per record.
 *
 * <p>Not thread-safe; reused record after record.
 */
final class AvroCursor {
  /** Direct-mapped, so it stays bounded whatever the log holds; a collision only costs a String. */
  private static final int CACHE_BITS = 13;
  private static final int CACHE_SLOTS = 1 << CACHE_BITS;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[][] cachedBytes = new byte[CACHE_SLOTS][];
  private final String[] cachedStrings = new String[CACHE_SLOTS];
  private byte[] bytes;
  private int position;
  private int limit;

  void reset(byte[] bytes, int offset) {
    this.bytes = bytes;
    this.position = offset;
    this.limit = bytes.length;
  }

  long readLong() {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = next();
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new SerializationException("not a valid event: varint longer than 10 bytes");
  }

  int readInt() {
    long value = readLong();
    if (value != (int) value) {
      throw new SerializationException("not a valid event: int out of range " + value);
    }
    return (int) value;
  }

  /** An index into {@code count} choices: an enum symbol or a union branch. */
  int readIndex(int count) {
    int index = readInt();
    if (index < 0 || index >= count) {
      throw new SerializationException("not a valid event: index " + index + " of " + count);
    }
    return index;
  }

  String readString() {
    int length = readLength();
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return value;
  }

  /** The same String for the same bytes, while they stay in the cache. */
  String readCachedString() {
    int length = readLength();
    int slot = slotOf(length);
    byte[] cached = cachedBytes[slot];
    String value;
    if (cached != null && sameBytes(cached, length)) {
      value = cachedStrings[slot];
    } else {
      value = new String(bytes, position, length, StandardCharsets.UTF_8);
      cachedBytes[slot] = Arrays.copyOfRange(bytes, position, position + length);
      cachedStrings[slot] = value;
    }
    position += length;
    return value;
  }

  /**
   * Ids differ mostly at their ends ("check-17", "check-18"), so the slot comes from the length
   * and the last and first eight bytes, read as longs, rather than from every byte.
   */
  private int slotOf(int length) {
    long hash = length;
    if (length >= Long.BYTES) {
      hash = hash * 31 + (long) LONGS.get(bytes, position + length - Long.BYTES);
      hash = hash * 31 + (long) LONGS.get(bytes, position);
    } else {
      for (int i = position; i < position + length; i++) {
        hash = hash * 31 + bytes[i];
      }
    }
    return (int) ((hash * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - CACHE_BITS));
  }

  /**
   * Eight bytes at a time, the last eight read where they end: ids are short, and the
   * vectorized comparison of {@code Arrays.equals} costs more to call than to run.
   */
  private boolean sameBytes(byte[] cached, int length) {
    if (cached.length != length) {
      return false;
    }
    if (length < Long.BYTES) {
      for (int i = 0; i < length; i++) {
        if (cached[i] != bytes[position + i]) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < length - Long.BYTES; i += Long.BYTES) {
      if ((long) LONGS.get(cached, i) != (long) LONGS.get(bytes, position + i)) {
        return false;
      }
    }
    return (long) LONGS.get(cached, length - Long.BYTES) == (long) LONGS.get(bytes, position + length - Long.BYTES);
  }

  /** Skips a value of any schema (a field the read model does not keep). */
  void skip(Schema schema) {
    switch (schema.getType()) {
      case NULL -> { }
      case BOOLEAN -> advance(1);
      case INT, LONG, ENUM -> readLong();
      case FLOAT -> advance(4);
      case DOUBLE -> advance(8);
      case STRING, BYTES -> advance(readLength());
      case FIXED -> advance(schema.getFixedSize());
      case UNION -> skip(schema.getTypes().get(readIndex(schema.getTypes().size())));
      case RECORD -> schema.getFields().forEach(field -> skip(field.schema()));
      case ARRAY -> skipBlocks(schema.getElementType(), false);
      case MAP -> skipBlocks(schema.getValueType(), true);
    }
  }

  /**
   * Arrays and maps come in blocks: a count, that many items, until a count of 0. A negative
   * count is followed by the block's size in bytes, which lets it be stepped over whole.
   */
  private void skipBlocks(Schema items, boolean keyed) {
    for (long count = readLong(); count != 0; count = readLong()) {
      if (count < 0) {
        advance(readLength());
        continue;
      }
      for (long i = 0; i < count; i++) {
        if (keyed) {
          advance(readLength());
        }
        skip(items);
      }
    }
  }

  private int readLength() {
    int length = readInt();
    if (length < 0 || length > limit - position) {
      throw new SerializationException("not a valid event: length " + length + " with " + (limit - position) + " bytes left");
    }
    return length;
  }

  private byte next() {
    if (position >= limit) {
      throw new SerializationException("not a valid event: ends early");
    }
    return bytes[position++];
  }

  private void advance(int count) {
    if (count > limit - position) {
      throw new SerializationException("not a valid event: ends early");
    }
    position += count;
  }
}

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
 * copy. Strings that repeat (check ids, regions) come from a cache instead of a new String
 * per record.
 *
 * <p>Not thread-safe; reused record after record.
 */
final class AvroCursor {
  /**
   * Open addressing with linear probing, at most half full: every id seen stays cached until
   * the table holds {@link #CACHE_LIMIT} of them, and then it starts empty again, so it stays
   * bounded whatever the log holds. A direct-mapped cache let two ids that shared a slot evict
   * each other on every record: 50 of the replay bench's 508 ids did, a String per record each.
   */
  private static final int CACHE_BITS = 15;
  private static final int CACHE_SLOTS = 1 << CACHE_BITS;
  private static final int CACHE_LIMIT = CACHE_SLOTS / 2;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * A cached id with its first and last eight bytes as longs (an id under eight bytes packed
   * into {@code first}): ids are short, so most are told apart and matched by the entry alone,
   * without reading its bytes, in one memory access instead of three.
   */
  private record Entry(int length, long first, long last, byte[] bytes, String value) {}

  private final Entry[] cache = new Entry[CACHE_SLOTS];
  private int cached;
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
    long first;
    long last;
    if (length >= Long.BYTES) {
      first = (long) LONGS.get(bytes, position);
      last = (long) LONGS.get(bytes, position + length - Long.BYTES);
    } else {
      first = 0;
      for (int i = length - 1; i >= 0; i--) {
        first = first << Byte.SIZE | (bytes[position + i] & 0xFF);
      }
      last = 0;
    }
    int slot = slotOf(length, first, last);
    for (Entry entry; (entry = cache[slot]) != null; slot = (slot + 1) & (CACHE_SLOTS - 1)) {
      if (entry.first == first && entry.last == last && entry.length == length && (length <= 2 * Long.BYTES || sameMiddle(entry.bytes))) {
        position += length;
        return entry.value;
      }
    }
    if (cached == CACHE_LIMIT) {
      Arrays.fill(cache, null);
      cached = 0;
      slot = slotOf(length, first, last);
    }
    String value = new String(bytes, position, length, StandardCharsets.UTF_8);
    cache[slot] = new Entry(length, first, last, Arrays.copyOfRange(bytes, position, position + length), value);
    cached++;
    position += length;
    return value;
  }

  /** Each long is multiplied in before the next is mixed in, so its top bits reach the slot too. */
  private static int slotOf(int length, long first, long last) {
    long hash = (length ^ last) * GOLDEN;
    hash = (hash ^ (hash >>> 29) ^ first) * GOLDEN;
    return (int) (hash >>> (Long.SIZE - CACHE_BITS));
  }

  /** The bytes between the first and last eight, of an id longer than sixteen, eight at a time. */
  private boolean sameMiddle(byte[] cached) {
    for (int i = Long.BYTES; i < cached.length - Long.BYTES; i += Long.BYTES) {
      if ((long) LONGS.get(cached, i) != (long) LONGS.get(bytes, position + i)) {
        return false;
      }
    }
    return true;
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

package io.statuslog.checker.spool;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checker's durable, append-only spool: every result is written here before anything else,
 * so probing goes on while Kafka is unreachable and nothing is lost across a checker restart.
 *
 * <p>Files {@code <seq>.spool} each hold records {@code [int length][int crc32c][long seq][bytes]}
 * with a sequence number that only grows. Fsync policy: every append reaches the operating
 * system at once (it survives kill -9); the file is forced to disk at most every
 * {@link #FSYNC_EVERY} (a power cut may lose that much). A torn record at the tail, from a crash
 * mid-write, is detected by its checksum and cut off on open. Disk use is bounded: past 80% of
 * {@code maxBytes} it warns, and when full it refuses new results, loudly.
 */
public final class ResultSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultSpool.class);
  static final Duration FSYNC_EVERY = Duration.ofSeconds(1);
  private static final long SEGMENT_BYTES = 16 * 1024 * 1024;
  private static final int HEADER = 4 + 4 + 8;

  /** One spooled result and its sequence number. */
  public record Entry(long seq, CheckResult result) {}

  private final Path dir;
  private final long maxBytes;
  private final AvroSerde<CheckResult> serde;
  private FileChannel segment;
  private long segmentBytes;
  private long nextSeq;
  private long lastForce = System.nanoTime();
  private boolean warnedNearlyFull;
  private long dropped;

  public ResultSpool(Path dir, long maxBytes, AvroSerde<CheckResult> serde) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.serde = serde;
    try {
      Files.createDirectories(dir);
      this.nextSeq = recover() + 1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the result spool in " + dir, e);
    }
  }

  /** Appends a result; false (and an error in the log) when the spool is full. */
  public synchronized boolean append(CheckResult result) {
    byte[] bytes = serde.encode(result);
    try {
      long used = usedBytes();
      if (used + bytes.length + HEADER > maxBytes) {
        dropped++;
        LOG.error("spool full, result dropped check={} result={} spoolBytes={} dropped={}; Kafka has been unreachable too long or checker.spoolMaxBytes is too small",
            result.getCheckId(), result.getResultId(), used, dropped);
        return false;
      }
      if (!warnedNearlyFull && used > maxBytes * 0.8) {
        warnedNearlyFull = true;
        LOG.warn("spool nearly full spoolBytes={} maxBytes={}: results are not reaching Kafka", used, maxBytes);
      }
      if (segment == null || segmentBytes >= SEGMENT_BYTES) {
        openSegment(nextSeq);
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      ByteBuffer record = ByteBuffer.allocate(HEADER + bytes.length);
      record.putInt(bytes.length).putInt((int) crc.getValue()).putLong(nextSeq).put(bytes).flip();
      while (record.hasRemaining()) {
        segment.write(record);
      }
      segmentBytes += HEADER + bytes.length;
      nextSeq++;
      if (System.nanoTime() - lastForce > FSYNC_EVERY.toNanos()) {
        segment.force(false);
        lastForce = System.nanoTime();
      }
      notifyAll();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the result spool in " + dir, e);
    }
  }

  /** Up to {@code max} results after {@code afterSeq}, oldest first; waits up to {@code wait} for one. */
  public synchronized List<Entry> readAfter(long afterSeq, int max, Duration wait) throws InterruptedException {
    if (nextSeq - 1 <= afterSeq && !wait.isZero()) {
      wait(wait.toMillis());
    }
    List<Entry> entries = new ArrayList<>();
    try {
      forceIfDirty();
      for (Path file : segments()) {
        if (entries.size() >= max) {
          break;
        }
        scan(file, (seq, bytes, end) -> {
          if (seq > afterSeq && entries.size() < max) {
            entries.add(new Entry(seq, serde.decode(bytes)));
          }
          return entries.size() < max;
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the result spool in " + dir, e);
    }
    return entries;
  }

  /** Deletes whole files whose every result is at or below {@code deliveredSeq}. */
  public synchronized void release(long deliveredSeq) {
    try {
      List<Path> files = segments();
      for (int i = 0; i + 1 < files.size(); i++) {
        if (firstSeq(files.get(i + 1)) - 1 <= deliveredSeq) {
          Files.delete(files.get(i));
        }
      }
      if (!files.isEmpty() && nextSeq - 1 <= deliveredSeq && segment != null) {
        segment.close();
        segment = null;
        Files.delete(files.getLast());
      }
      if (usedBytes() < maxBytes * 0.5) {
        warnedNearlyFull = false;
      }
    } catch (IOException e) {
      LOG.warn("cannot delete delivered spool files: {}", e.toString());
    }
  }

  /** The newest sequence number written (0 when none ever was). */
  public synchronized long lastSeq() {
    return nextSeq - 1;
  }

  public synchronized long usedBytes() throws IOException {
    long total = 0;
    for (Path file : segments()) {
      total += Files.size(file);
    }
    return total;
  }

  /** Results refused because the spool was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Never reuse a sequence number: callers pass the highest one they know was delivered. */
  public synchronized void ensureSequenceAfter(long seq) {
    nextSeq = Math.max(nextSeq, seq + 1);
  }

  private long recover() throws IOException {
    long last = 0;
    for (Path file : segments()) {
      long[] valid = {0, 0};
      scan(file, (seq, bytes, end) -> {
        valid[0] = seq;
        valid[1] = end;
        return true;
      });
      if (valid[1] < Files.size(file)) {
        LOG.warn("spool file={} ends in a torn record; cutting it at byte {}", file, valid[1]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(valid[1]);
        }
      }
      last = Math.max(last, valid[0]);
    }
    return last;
  }

  @FunctionalInterface
  private interface Visitor {
    boolean visit(long seq, byte[] bytes, long end);
  }

  /** Visits the valid records of one file, stopping at the end, a torn record, or when told. */
  private static void scan(Path file, Visitor visitor) throws IOException {
    byte[] content = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(content);
    while (buffer.remaining() >= HEADER) {
      int start = buffer.position();
      int length = buffer.getInt();
      int crc = buffer.getInt();
      long seq = buffer.getLong();
      if (length < 0 || length > buffer.remaining()) {
        return;
      }
      byte[] bytes = new byte[length];
      buffer.get(bytes);
      CRC32C check = new CRC32C();
      check.update(bytes);
      if ((int) check.getValue() != crc) {
        buffer.position(start);
        return;
      }
      if (!visitor.visit(seq, bytes, buffer.position())) {
        return;
      }
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".spool")).sorted().toList();
    }
  }

  private static long firstSeq(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - ".spool".length()));
  }

  private void openSegment(long firstSeq) throws IOException {
    if (segment != null) {
      segment.force(false);
      segment.close();
    }
    Path file = dir.resolve(String.format("%020d.spool", firstSeq));
    segment = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segmentBytes = segment.size();
  }

  private void forceIfDirty() throws IOException {
    if (segment != null && System.nanoTime() - lastForce > FSYNC_EVERY.toNanos()) {
      segment.force(false);
      lastForce = System.nanoTime();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (segment != null) {
      segment.force(false);
      segment.close();
      segment = null;
    }
  }
}

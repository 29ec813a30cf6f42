package io.statuslog.checker.spool;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * {@link #FSYNC_EVERY} (a power cut may lose that much), and always before a result is handed
 * to delivery. A torn record at the tail, from a crash mid-write, is detected by its checksum
 * and cut off on open. Disk use is bounded: past 80% of {@code maxBytes} it warns, and when full
 * it refuses new results, loudly.
 *
 * <p>The directory also keeps what must outlive every file of results:
 * <ul>
 *   <li>{@code delivered}: the highest sequence number the log has. It is written (and forced
 *       to disk) before the files it covers are deleted, so sequence numbers never go backwards,
 *       however long the checker was down and whatever Kafka still remembers.
 *   <li>{@code spool.id}: this spool's identity, stamped on every result with its sequence
 *       number; a lost directory starts a new identity, never a reused range of numbers.
 *   <li>{@code spool.lock}: held while open, so one directory serves one running checker.
 * </ul>
 */
public final class ResultSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultSpool.class);
  static final Duration FSYNC_EVERY = Duration.ofSeconds(1);
  private static final long SEGMENT_BYTES = 16 * 1024 * 1024;
  private static final int HEADER = 4 + 4 + 8;
  private static final String SEGMENT_SUFFIX = ".spool";

  /** One spooled result and its sequence number. */
  public record Entry(long seq, CheckResult result) {}

  /** Another process (or another spool in this one) holds the directory. */
  public static final class SpoolInUseException extends IllegalStateException {
    SpoolInUseException(String message) {
      super(message);
    }
  }

  private final Path dir;
  private final long maxBytes;
  private final AvroSerde<CheckResult> serde;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String id;
  private FileChannel segment;
  private long segmentBytes;
  private long nextSeq;
  private long delivered;
  private long lastForce = System.nanoTime();
  private boolean dirty;
  private boolean warnedNearlyFull;
  private long dropped;

  private ResultSpool(Path dir, long maxBytes, AvroSerde<CheckResult> serde, FileChannel lockChannel, FileLock lock) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.serde = serde;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.id = readOrCreateId(dir);
    this.delivered = readDelivered(dir);
    this.nextSeq = Math.max(recover(), delivered) + 1;
  }

  /**
   * Opens (or creates) the spool in {@code dir} and locks it for this process.
   *
   * @throws SpoolInUseException when another running checker holds the directory
   */
  public static ResultSpool open(Path dir, long maxBytes, AvroSerde<CheckResult> serde) {
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      Path lockFile = dir.resolve("spool.lock");
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(lockFile).strip();
        throw new SpoolInUseException("spool directory " + dir + " is in use by another running checker"
            + (holder.isEmpty() ? "" : " (" + holder + ")") + "; give each checker or agent its own spool directory (checker.spoolDir, agent.spoolDir)");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      return new ResultSpool(dir, maxBytes, serde, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot open the result spool in " + dir, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** This spool's identity: stamped on every result it numbers. */
  public String id() {
    return id;
  }

  /**
   * Numbers a result, stamps it with this spool's identity and appends it; false (and an error
   * in the log) when the spool is full.
   */
  public synchronized boolean append(CheckResult result) {
    CheckResult numbered = CheckResult.newBuilder(result).setSpoolId(id).setSequence(nextSeq).build();
    byte[] bytes = serde.encode(numbered);
    try {
      long used = usedBytes();
      if (used + bytes.length + HEADER > maxBytes) {
        dropped++;
        LOG.error("spool full, result dropped check={} result={} spoolBytes={} dropped={}; results have not been delivered for too long (Kafka or ingest unreachable) or the spool's limit (checker.spoolMaxBytes, agent.spoolMaxBytes) is too small",
            result.getCheckId(), result.getResultId(), used, dropped);
        return false;
      }
      if (!warnedNearlyFull && used > maxBytes * 0.8) {
        warnedNearlyFull = true;
        LOG.warn("spool nearly full spoolBytes={} maxBytes={}: results are not being delivered", used, maxBytes);
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
      dirty = true;
      if (System.nanoTime() - lastForce > FSYNC_EVERY.toNanos()) {
        force();
      }
      notifyAll();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the result spool in " + dir, e);
    }
  }

  /**
   * Up to {@code max} results after {@code afterSeq}, oldest first; waits up to {@code wait} for
   * one. What it returns is on disk: delivery never hands on a result a power cut could take back.
   */
  public synchronized List<Entry> readAfter(long afterSeq, int max, Duration wait) throws InterruptedException {
    if (nextSeq - 1 <= afterSeq && !wait.isZero()) {
      wait(wait.toMillis());
    }
    List<Entry> entries = new ArrayList<>();
    try {
      if (dirty) {
        force();
      }
      List<Path> files = segments();
      for (int i = 0; i < files.size() && entries.size() < max; i++) {
        if (i + 1 < files.size() && firstSeq(files.get(i + 1)) - 1 <= afterSeq) {
          continue; // every result in this file is at or below afterSeq
        }
        scan(files.get(i), (seq, bytes, end) -> {
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

  /**
   * Records that the log has every result up to {@code seq}, durably, and only then deletes the
   * files whose every result it covers. A position lower than the one recorded changes nothing.
   */
  public synchronized void markDelivered(long seq) {
    if (seq <= delivered) {
      return;
    }
    try {
      writeAtomically(dir.resolve("delivered"), Long.toString(seq));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the delivered position in " + dir, e);
    }
    delivered = seq;
    nextSeq = Math.max(nextSeq, seq + 1);
    release();
  }

  /** The highest sequence number the log is known to have (0 before the first delivery). */
  public synchronized long delivered() {
    return delivered;
  }

  /** The newest sequence number written (0 when none ever was). */
  public synchronized long lastSeq() {
    return nextSeq - 1;
  }

  /** Results written but not yet known to be in the log. */
  public synchronized long pending() {
    return Math.max(0, nextSeq - 1 - delivered);
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

  private void release() {
    try {
      List<Path> files = segments();
      for (int i = 0; i + 1 < files.size(); i++) {
        if (firstSeq(files.get(i + 1)) - 1 <= delivered) {
          Files.delete(files.get(i));
        }
      }
      if (!files.isEmpty() && nextSeq - 1 <= delivered && segment != null) {
        segment.close();
        segment = null;
        dirty = false;
        Files.delete(files.getLast());
      }
      if (usedBytes() < maxBytes * 0.5) {
        warnedNearlyFull = false;
      }
    } catch (IOException e) {
      LOG.warn("cannot delete delivered spool files dir={} error={}", dir, e.toString());
    }
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
      return files.filter(f -> f.getFileName().toString().endsWith(SEGMENT_SUFFIX)).sorted().toList();
    }
  }

  private static long firstSeq(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
  }

  private void openSegment(long firstSeq) throws IOException {
    if (segment != null) {
      segment.force(false);
      segment.close();
    }
    Path file = dir.resolve(String.format("%020d%s", firstSeq, SEGMENT_SUFFIX));
    segment = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segmentBytes = segment.size();
  }

  private void force() throws IOException {
    if (segment != null) {
      segment.force(false);
    }
    dirty = false;
    lastForce = System.nanoTime();
  }

  private static String readOrCreateId(Path dir) throws IOException {
    Path file = dir.resolve("spool.id");
    if (Files.exists(file)) {
      String id = Files.readString(file).strip();
      if (!id.matches("[0-9a-f]{16}")) {
        throw new IOException(file + " does not hold a spool id (16 hex digits); it was changed by hand");
      }
      return id;
    }
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    String id = HexFormat.of().formatHex(random);
    writeAtomically(file, id);
    return id;
  }

  private static long readDelivered(Path dir) throws IOException {
    Path file = dir.resolve("delivered");
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (NumberFormatException e) {
      throw new IOException(file + " does not hold a sequence number; it was changed by hand", e);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    AtomicFile.write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the open already failed; its reason is the one to report
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (segment != null) {
        segment.force(false);
        segment.close();
        segment = null;
      }
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}

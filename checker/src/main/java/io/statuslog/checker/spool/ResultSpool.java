package io.statuslog.checker.spool;

import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
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
 * <p>Reading costs what is read, not what is kept: the files and their sizes are known in memory
 * (nothing lists the directory per result), and a read that goes on where the last batch handed
 * out ended starts at that byte of that file, a chunk at a time. Reading each batch from the
 * start of its file made draining a backlog quadratic: after an hour's outage at 333 results/s,
 * every batch of 500 re-read and re-checked up to 16 MiB. A batch is also given a moment
 * ({@link #LINGER}) to fill: a Kafka transaction, and a forced write of the delivered position,
 * per result cost the checker more than its probes. Nothing waits for the disk while holding
 * the spool: a force took 16 ms (up to 140 ms) on a busy machine, and every probe finishing
 * meanwhile waited to append behind it.
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
  /** How long a batch that is not full waits for more, counted from its oldest result's append. */
  static final Duration LINGER = Duration.ofMillis(100);
  static final long SEGMENT_BYTES = 16 * 1024 * 1024;
  private static final int HEADER = 4 + 4 + 8;
  private static final int READ_CHUNK = 64 * 1024;
  private static final String SEGMENT_SUFFIX = ".spool";
  /** Ends of the last batches handed out: delivery reads on from the newest, or again from an older one after a failure. */
  private static final int ENDS_KEPT = 4;

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
  private final long segmentLimit;
  private final AvroSerde<CheckResult> serde;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String id;
  /** Every file of results, by the first sequence number it holds, with its size in bytes. */
  private final NavigableMap<Long, Long> segments = new TreeMap<>();
  private final Deque<End> ends = new ArrayDeque<>();
  private FileChannel segment;
  private long segmentFirstSeq;
  private long segmentBytes;
  private long usedBytes;
  private long nextSeq;
  /** The highest sequence number handed out by {@link #readAfter}, and when the first result after it was appended. */
  private long handedOut;
  private long firstUnreadNanos;
  /** The number whose append wakes the waiting reader: one wake per batch, not one per result. */
  private long wakeAt = Long.MAX_VALUE;
  private long delivered;
  private long lastForce = System.nanoTime();
  /** Every result up to this number is on disk. */
  private long forcedSeq;
  /** Held while forcing, and while writing the delivered position: never while holding the spool. */
  private final Object forcing = new Object();
  private final Object delivering = new Object();
  private boolean warnedNearlyFull;
  private long dropped;

  private ResultSpool(Path dir, long maxBytes, long segmentLimit, AvroSerde<CheckResult> serde, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.segmentLimit = segmentLimit;
    this.serde = serde;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.id = readOrCreateId(dir);
    this.delivered = readDelivered(dir);
    this.nextSeq = Math.max(recover(), delivered) + 1;
    this.handedOut = nextSeq - 1;
    this.forcedSeq = nextSeq - 1; // found on disk
  }

  /** Where the record after {@code seq} starts: a byte offset in the file of results that begins at {@code segment}. */
  private record End(long seq, long segment, long offset) {}

  /**
   * Opens (or creates) the spool in {@code dir} and locks it for this process.
   *
   * @throws SpoolInUseException when another running checker holds the directory
   */
  public static ResultSpool open(Path dir, long maxBytes, AvroSerde<CheckResult> serde) {
    return open(dir, maxBytes, SEGMENT_BYTES, serde);
  }

  /** With files of at most about {@code segmentLimit} bytes: tests make many small ones. */
  static ResultSpool open(Path dir, long maxBytes, long segmentLimit, AvroSerde<CheckResult> serde) {
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
      return new ResultSpool(dir, maxBytes, segmentLimit, serde, channel, lock);
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
  public boolean append(CheckResult result) {
    long forceThrough = 0;
    try {
      synchronized (this) {
        CheckResult numbered = CheckResult.newBuilder(result).setSpoolId(id).setSequence(nextSeq).build();
        byte[] bytes = serde.encode(numbered);
        long used = usedBytes;
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
        if (segment == null || segmentBytes >= segmentLimit) {
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
        usedBytes += HEADER + bytes.length;
        segments.put(segmentFirstSeq, segmentBytes);
        if (nextSeq == handedOut + 1) {
          firstUnreadNanos = System.nanoTime();
        }
        if (System.nanoTime() - lastForce > FSYNC_EVERY.toNanos()) {
          lastForce = System.nanoTime(); // this append forces; the others go on
          forceThrough = nextSeq;
        }
        if (nextSeq >= wakeAt) {
          notifyAll();
        }
        nextSeq++;
      }
      if (forceThrough > 0) {
        forceThrough(forceThrough);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the result spool in " + dir, e);
    }
  }

  /**
   * Up to {@code max} results after {@code afterSeq}, oldest first; waits up to {@code wait} for
   * one, and when fewer than {@code max} are there, for more until the oldest of them has waited
   * {@link #LINGER} (never past {@code wait}). What it returns is on disk: delivery never hands on
   * a result a power cut could take back.
   */
  public List<Entry> readAfter(long afterSeq, int max, Duration wait) throws InterruptedException {
    long upTo;
    synchronized (this) {
      awaitBatch(afterSeq, max, wait);
      upTo = nextSeq - 1;
    }
    if (upTo <= afterSeq) {
      return List.of();
    }
    List<Spooled> records;
    try {
      forceThrough(upTo);
      synchronized (this) {
        records = read(afterSeq, upTo, max);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the result spool in " + dir, e);
    }
    List<Entry> entries = new ArrayList<>(records.size());
    for (Spooled record : records) {
      entries.add(new Entry(record.seq(), serde.decode(record.bytes())));
    }
    return entries;
  }

  /** One record as it lies in the spool. */
  private record Spooled(long seq, byte[] bytes) {}

  /** Up to {@code max} records numbered above {@code afterSeq} and at most {@code upTo}, from the files. */
  private List<Spooled> read(long afterSeq, long upTo, int max) throws IOException {
    List<Spooled> records = new ArrayList<>((int) Math.min(max, upTo - afterSeq));
    if (segments.isEmpty()) {
      return records;
    }
    // The file holding afterSeq + 1 is the last one starting at or before it; every file after it follows.
    Long from = segments.floorKey(afterSeq + 1);
    End known = endAt(afterSeq);
    End last = null;
    for (long first : segments.tailMap(from == null ? segments.firstKey() : from, true).keySet()) {
      if (records.size() >= max) {
        break;
      }
      long offset = known != null && known.segment() == first ? known.offset() : 0;
      try (RecordReader reader = new RecordReader(segmentPath(first), offset)) {
        while (records.size() < max && reader.next() && reader.seq() <= upTo) {
          if (reader.seq() > afterSeq) {
            records.add(new Spooled(reader.seq(), reader.bytes()));
            last = new End(reader.seq(), first, reader.end());
          }
        }
      }
    }
    if (last != null) {
      remember(last);
    }
    return records;
  }

  /** Waits for a first result after {@code afterSeq}, then lingers for a fuller batch, all within {@code wait}. */
  private void awaitBatch(long afterSeq, int max, Duration wait) throws InterruptedException {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      wakeAt = afterSeq + 1;
      while (nextSeq - 1 <= afterSeq && waitUntil(deadline)) {
        // woken by an append, or spuriously: look again
      }
      // Linger only in step with what was handed out; a read from further back (a retry) has a backlog already.
      if (afterSeq >= handedOut) {
        wakeAt = afterSeq + max;
        long lingerEnd = Math.min(deadline, firstUnreadNanos + LINGER.toNanos());
        while (nextSeq - 1 > afterSeq && nextSeq - 1 - afterSeq < max && waitUntil(lingerEnd)) {
          // a batch short of max, younger than LINGER: let it fill
        }
      }
    } finally {
      wakeAt = Long.MAX_VALUE;
    }
  }

  /** Waits for an append until {@code deadlineNanos}; false when the deadline had passed. */
  private boolean waitUntil(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    wait(Math.max(1, left / 1_000_000)); // wait(0) would wait forever
    return true;
  }

  private End endAt(long seq) {
    for (End end : ends) {
      if (end.seq() == seq) {
        return end;
      }
    }
    return null;
  }

  private void remember(End end) {
    ends.removeIf(known -> known.seq() == end.seq());
    ends.addFirst(end);
    while (ends.size() > ENDS_KEPT) {
      ends.removeLast();
    }
    if (end.seq() > handedOut) {
      handedOut = end.seq();
      // Whatever was appended after it has waited a batch already: the next batch need not linger.
      firstUnreadNanos = System.nanoTime() - LINGER.toNanos();
    }
  }

  /**
   * Records that the log has every result up to {@code seq}, durably, and only then deletes the
   * files whose every result it covers. A position lower than the one recorded changes nothing.
   */
  public void markDelivered(long seq) {
    synchronized (delivering) {
      synchronized (this) {
        if (seq <= delivered) {
          return;
        }
      }
      try {
        writeAtomically(dir.resolve("delivered"), Long.toString(seq));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the delivered position in " + dir, e);
      }
      List<Path> released;
      synchronized (this) {
        delivered = seq;
        nextSeq = Math.max(nextSeq, seq + 1);
        handedOut = Math.max(handedOut, seq);
        released = release();
      }
      for (Path file : released) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          LOG.warn("cannot delete a delivered spool file={} error={}", file, e.toString());
        }
      }
    }
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

  /** Bytes the files of results take on disk. */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** Results refused because the spool was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Forgets the files every result of which the log has, and returns them for deletion. */
  private List<Path> release() {
    List<Path> released = new ArrayList<>();
    // A file can go once the next one starts at or below the delivered position.
    while (segments.size() > 1 && segments.higherKey(segments.firstKey()) - 1 <= delivered) {
      released.add(forget(segments.firstKey()));
    }
    if (segments.size() == 1 && nextSeq - 1 <= delivered) {
      if (segment != null) {
        try {
          segment.close();
        } catch (IOException e) {
          LOG.warn("cannot close a delivered spool file dir={} error={}", dir, e.toString());
        }
        segment = null;
      }
      released.add(forget(segments.firstKey()));
    }
    if (usedBytes < maxBytes * 0.5) {
      warnedNearlyFull = false;
    }
    return released;
  }

  private Path forget(long first) {
    usedBytes -= segments.remove(first);
    return segmentPath(first);
  }

  /**
   * Makes every result up to {@code seq} durable, forcing the file being written without holding
   * the spool: appends go on meanwhile, and a force that ends finds the others' work done.
   */
  private void forceThrough(long seq) throws IOException {
    synchronized (forcing) {
      FileChannel channel;
      long target;
      synchronized (this) {
        if (forcedSeq >= seq) {
          return;
        }
        channel = segment;
        target = nextSeq - 1;
        lastForce = System.nanoTime();
      }
      if (channel != null) {
        try {
          channel.force(false);
        } catch (ClosedByInterruptException e) {
          throw e; // this thread was interrupted: nothing is known to be on disk
        } catch (ClosedChannelException e) {
          // Closed meanwhile by the spool: a file is forced before the next one is opened, or deleted once delivered.
        }
      }
      synchronized (this) {
        forcedSeq = Math.max(forcedSeq, target);
      }
    }
  }

  /** Cuts torn tails, learns every file's size; the highest sequence number found. */
  private long recover() throws IOException {
    long last = 0;
    for (Path file : listSegments()) {
      long validSeq = 0;
      long validEnd = 0;
      try (RecordReader reader = new RecordReader(file, 0)) {
        while (reader.next()) {
          validSeq = reader.seq();
          validEnd = reader.end();
        }
      }
      if (validEnd < Files.size(file)) {
        LOG.warn("spool file={} ends in a torn record; cutting it at byte {}", file, validEnd);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(validEnd);
        }
      }
      segments.put(firstSeq(file), validEnd);
      usedBytes += validEnd;
      last = Math.max(last, validSeq);
    }
    return last;
  }

  /**
   * Reads the valid records of one file from a byte offset on, a chunk at a time, stopping at the
   * end or at a torn record (a crash mid-write, cut off at the next open).
   */
  private static final class RecordReader implements AutoCloseable {
    private final FileChannel channel;
    private final long size;
    /** Holds the file's bytes from {@link #offset} on, in read mode. */
    private ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK).flip();
    private long offset;
    private long seq;
    private byte[] bytes;

    RecordReader(Path file, long from) throws IOException {
      this.channel = FileChannel.open(file, StandardOpenOption.READ);
      this.size = channel.size();
      this.offset = from;
    }

    /** Moves to the next valid record; false at the end or at a torn one. */
    boolean next() throws IOException {
      if (!have(HEADER)) {
        return false;
      }
      int start = buffer.position();
      int length = buffer.getInt(start);
      int crc = buffer.getInt(start + 4);
      long recordSeq = buffer.getLong(start + 8);
      if (length < 0 || length > size - offset - HEADER || !have(HEADER + length)) {
        return false;
      }
      byte[] record = new byte[length];
      buffer.get(buffer.position() + HEADER, record);
      CRC32C check = new CRC32C();
      check.update(record);
      if ((int) check.getValue() != crc) {
        return false;
      }
      buffer.position(buffer.position() + HEADER + length);
      offset += HEADER + length;
      seq = recordSeq;
      bytes = record;
      return true;
    }

    long seq() {
      return seq;
    }

    byte[] bytes() {
      return bytes;
    }

    /** The byte after the last record moved to. */
    long end() {
      return offset;
    }

    /** At least {@code count} bytes from {@link #offset} in the buffer, unless the file ends first. */
    private boolean have(int count) throws IOException {
      if (buffer.remaining() >= count) {
        return true;
      }
      if (buffer.capacity() < count) {
        buffer = ByteBuffer.allocate(Math.max(count, buffer.capacity() * 2)).put(buffer);
      } else {
        buffer.compact();
      }
      while (buffer.position() < count) {
        if (channel.read(buffer, offset + buffer.position()) < 0) {
          break;
        }
      }
      buffer.flip();
      return buffer.remaining() >= count;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private List<Path> listSegments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(SEGMENT_SUFFIX)).sorted().toList();
    }
  }

  private static long firstSeq(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.length() - SEGMENT_SUFFIX.length()));
  }

  private Path segmentPath(long firstSeq) {
    return dir.resolve(String.format("%020d%s", firstSeq, SEGMENT_SUFFIX));
  }

  private void openSegment(long firstSeq) throws IOException {
    if (segment != null) {
      segment.force(false); // rare: every SEGMENT_BYTES
      segment.close();
      forcedSeq = Math.max(forcedSeq, nextSeq - 1);
    }
    segment = FileChannel.open(segmentPath(firstSeq), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    segmentFirstSeq = firstSeq;
    segmentBytes = segment.size();
    usedBytes -= segments.getOrDefault(firstSeq, 0L);
    usedBytes += segmentBytes;
    segments.put(firstSeq, segmentBytes);
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

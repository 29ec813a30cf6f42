package io.statuslog.web.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.statuslog.web.api.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest good snapshot, in memory and on local disk. Requests read it from memory; the
 * disk copy is what a web tier starting while the database is down serves. A snapshot older
 * than {@code staleAfter} is served marked stale.
 */
public final class SnapshotStore {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

  /**
   * A snapshot with its page and summary encoded once, when it is taken: a request then only
   * copies bytes, whatever the number of checks.
   */
  public record Current(Snapshot snapshot, Encoded html, Encoded summaryJson) {
    public String htmlText() {
      return new String(html.plain(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final Optional<Path> file;
  private final ObjectMapper json;
  private final Clock clock;
  private final Duration staleAfter;
  private final AtomicReference<Current> current = new AtomicReference<>();
  private volatile Instant lastSuccess;

  public SnapshotStore(Optional<Path> file, ObjectMapper json, Clock clock, Duration staleAfter) {
    this.file = file;
    this.json = json;
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.current.set(render(loadFromDisk().map(Snapshot::asStale).orElse(Snapshot.empty())));
  }

  /** What to serve now: the newest snapshot, marked stale when refreshes have been failing. */
  public Current current() {
    Current served = current.get();
    Instant success = lastSuccess;
    boolean tooOld = success == null || success.plus(staleAfter).isBefore(clock.instant());
    if (tooOld && !served.snapshot().stale()) {
      Current stale = render(served.snapshot().asStale());
      current.compareAndSet(served, stale);
      return stale;
    }
    return served;
  }

  /** Seconds since the data being served was read; -1 when there is none at all. */
  public long ageSeconds() {
    Instant dataAsOf = current.get().snapshot().dataAsOf();
    return dataAsOf == null ? -1 : Duration.between(dataAsOf, clock.instant()).toSeconds();
  }

  /** Takes a freshly read snapshot: serves it and writes it to disk. */
  public void accept(Snapshot snapshot) {
    current.set(render(snapshot));
    lastSuccess = clock.instant();
    file.ifPresent(path -> writeToDisk(path, snapshot));
  }

  /** The refresh failed: keep serving what we have, marked stale once it is too old. */
  public void refreshFailed() {
    current();
  }

  private Current render(Snapshot snapshot) {
    try {
      return new Current(
          snapshot,
          Encoded.of(StatusPage.render(snapshot).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          Encoded.of(json.writeValueAsBytes(Summaries.of(snapshot))));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Optional<Snapshot> loadFromDisk() {
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try {
      Snapshot snapshot = json.readValue(file.get().toFile(), Snapshot.class);
      LOG.info("loaded snapshot from disk file={} dataAsOf={}", file.get(), snapshot.dataAsOf());
      return Optional.of(snapshot);
    } catch (IOException e) {
      LOG.warn("ignoring unreadable snapshot file={} error={}", file.get(), e.getMessage());
      return Optional.empty();
    }
  }

  private void writeToDisk(Path path, Snapshot snapshot) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".snapshot", ".tmp");
      json.writeValue(temp.toFile(), snapshot);
      // Readers (and a restart) see the old file or the new one, never half of one.
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write snapshot file={} error={}", path, e.getMessage());
    }
  }
}

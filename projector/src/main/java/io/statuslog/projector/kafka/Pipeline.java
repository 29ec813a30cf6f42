package io.statuslog.projector.kafka;

import io.statuslog.projector.kafka.Progress.Written;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Two threads in a row: the caller polls and decodes while a writer thread writes the batch
 * before, so Kafka and the CPU work overlap PostgreSQL.
 *
 * <p>The caller decodes each poll of {@link #POLL} records as soon as it has it, while those
 * records are still in the CPU's cache and young, and hands a batch of several polls to the
 * writer. A decoder thread of its own, decoding 100,000-record polls, read every record back
 * from memory and kept them alive through collections that copied them: decoding polls of
 * 10,000 where they arrive replayed about a fifth faster on two cores (bench/replay.sh).
 *
 * <p>Batches commit one at a time, in order: each write waits for the one before it and does not
 * run if that one failed, so a failure can never let a later batch commit past an earlier one.
 */
final class Pipeline implements AutoCloseable {
  /** Records per poll: what is decoded at once, however many a batch writes. */
  static final int POLL = 10_000;

  /** Stores one batch; runs on the writer thread. */
  @FunctionalInterface
  interface Write {
    Written write() throws SQLException;
  }

  private final ExecutorService writerThread;
  /** The newest batch, not yet counted by the caller. */
  private CompletableFuture<Written> pending;

  Pipeline(int generationId) {
    writerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("projector-writer-gen-" + generationId).factory());
  }

  /**
   * Queues a batch behind the one before it and returns once that one is written (or
   * immediately when there is none), with what it cost; its failure is thrown here.
   */
  Written submit(Write write) throws SQLException {
    CompletableFuture<Written> before = pending;
    pending = (before == null ? CompletableFuture.completedFuture(Written.NOTHING) : before)
        .thenApplyAsync(previous -> {
          try {
            return write.write();
          } catch (SQLException e) {
            throw new CompletionException(e);
          }
        }, writerThread);
    return await(before);
  }

  /** Waits for the newest batch and returns what it cost; its failure is thrown here. */
  Written awaitLast() throws SQLException {
    CompletableFuture<Written> last = pending;
    pending = null;
    return await(last);
  }

  /**
   * Lets the write in flight finish (or fail) before the connection and the dead-letter
   * producer it uses are closed; its outcome no longer matters, the caller starts over from the
   * stored position.
   */
  void discard() {
    CompletableFuture<Written> last = pending;
    pending = null;
    if (last != null) {
      try {
        last.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // Already being handled by the caller.
      }
    }
  }

  private static Written await(CompletableFuture<Written> written) throws SQLException {
    if (written == null) {
      return Written.NOTHING;
    }
    try {
      return written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while writing a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException completion && completion.getCause() != null ? completion.getCause() : e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error; // no retry: the thread dies and its supervisor decides
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    discard();
    writerThread.shutdown();
  }
}

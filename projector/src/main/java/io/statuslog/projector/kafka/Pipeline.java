package io.statuslog.projector.kafka;

import io.statuslog.projector.kafka.Progress.Written;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Three threads in a row: the caller polls batch n+2 while a decoder thread decodes batch n+1
 * and a writer thread writes batch n, so Kafka, the CPU work and PostgreSQL overlap. Batches
 * still commit one at a time, in order: each write waits for the one before it and does not run
 * if that one failed, so a failure can never let a later batch commit past an earlier one.
 */
final class Pipeline implements AutoCloseable {
  /** Decodes a poll into something a {@link Write} can store. */
  @FunctionalInterface
  interface Write<D> {
    Written write(D decoded) throws SQLException;
  }

  private final ExecutorService decoderThread;
  private final ExecutorService writerThread;
  /** The newest batch, not yet counted by the caller. */
  private CompletableFuture<Written> pending;

  Pipeline(int generationId) {
    decoderThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("projector-decoder-gen-" + generationId).factory());
    writerThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("projector-writer-gen-" + generationId).factory());
  }

  /**
   * Queues a batch behind the one before it and returns once that one is written (or
   * immediately when there is none), with what it cost; its failure is thrown here.
   */
  <D> Written submit(Supplier<D> decode, Write<D> write) throws SQLException {
    CompletableFuture<Written> before = pending;
    long queued = System.nanoTime();
    CompletableFuture<Timed<D>> decoding = CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      return new Timed<>(decode.get(), System.nanoTime() - Math.max(started, queued));
    }, decoderThread);
    pending = (before == null ? CompletableFuture.completedFuture(Written.NOTHING) : before)
        .thenCombineAsync(decoding, (previous, decoded) -> {
          try {
            Written written = write.write(decoded.value());
            return new Written(written.events(), decoded.nanos(), written.writeNanos());
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
   * Lets the work in flight finish (or fail) before the connection and the dead-letter
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

  private record Timed<D>(D value, long nanos) {}

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
    decoderThread.shutdown();
    writerThread.shutdown();
  }
}

package io.statuslog.checker.core;

import java.util.List;

/**
 * How many results an agent puts in one request to ingest: at most {@code maxResults}, and at
 * most {@code maxBytes} of JSON, but always one (a result too large alone is ingest's to
 * refuse, and the agent's to set aside). A batch ingest refuses as too large (413: it was
 * configured lower than the defaults) halves the count for the batches after it; after
 * {@link #GROW_AFTER} batches accepted in a row the count doubles again toward the maximum, so
 * one odd refusal does not slow an agent for good. Pure.
 */
public final class BatchLimit {
  static final int GROW_AFTER = 100;

  private final int maxResults;
  private final long maxBytes;
  private int results;
  private int acceptedInARow;

  public BatchLimit(int maxResults, long maxBytes) {
    this.maxResults = maxResults;
    this.maxBytes = maxBytes;
    this.results = maxResults;
  }

  /** How many of the leading results to send, given each one's size as JSON: as many as fit in a JSON array, at least one. */
  public synchronized int take(List<Integer> sizes) {
    long bytes = 2; // [ and ]
    int count = 0;
    for (int size : sizes) {
      long withIt = bytes + size + (count == 0 ? 0 : 1);
      if (count == results || (count > 0 && withIt > maxBytes)) {
        break;
      }
      bytes = withIt;
      count++;
    }
    return count;
  }

  /** Ingest refused a batch of {@code sent} results as too large. */
  public synchronized void tooLarge(int sent) {
    results = Math.max(1, Math.min(results, sent / 2));
    acceptedInARow = 0;
  }

  /** Ingest accepted a batch. */
  public synchronized void accepted() {
    if (++acceptedInARow >= GROW_AFTER && results < maxResults) {
      results = (int) Math.min(maxResults, results * 2L);
      acceptedInARow = 0;
    }
  }

  /** The most results the next batch may hold. */
  public synchronized int results() {
    return results;
  }
}

package io.statuslog.bench.scale;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The local target both probers are pointed at: plain HTTP on 127.0.0.1, a small page, every
 * connection closed after one answer, and an access log of {@code <msec> <path> <status>} lines
 * from which the benchmark counts probes and their arrival times.
 */
interface ProbeTarget extends AutoCloseable {
  /** http://127.0.0.1:port */
  String baseUrl();

  /** What serves it, for the report. */
  String describe();

  /** Everything answered so far is in the access log (nginx writes it buffered). */
  Path flushedAccessLog() throws IOException, InterruptedException;

  @Override
  void close() throws IOException, InterruptedException;
}

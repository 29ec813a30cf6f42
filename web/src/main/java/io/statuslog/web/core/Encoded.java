package io.statuslog.web.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * A response body encoded once per snapshot, plain and gzipped, so serving it costs a copy
 * rather than a render, a serialization or a compression.
 */
public record Encoded(byte[] plain, byte[] gzip) {
  public static Encoded of(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 8));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Encoded(plain, out.toByteArray());
  }
}

package io.statuslog.checker.spool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.statuslog.schemas.json.PlainJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Results a destination will never take, set aside beside the spool so one bad result never
 * stops the ones behind it: {@code dead-letters.jsonl}, one JSON object a line with when, the
 * spool's id and sequence number, the reason, and the result as plain JSON. A line is on disk
 * (forced) before the spool's position moves past its result, so nothing leaves the spool
 * without being either delivered or here. A crash between the two may write one twice.
 */
public final class DeadLetterFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "dead-letters.jsonl";

  private final Path file;
  private final Set<Long> setAside = new HashSet<>();

  private DeadLetterFile(Path file) {
    this.file = file;
  }

  /** The file in {@code spoolDir}, knowing which results after {@code delivered} it already holds. */
  public static DeadLetterFile open(Path spoolDir, long delivered) {
    DeadLetterFile deadLetters = new DeadLetterFile(spoolDir.resolve(NAME));
    if (Files.exists(deadLetters.file)) {
      try {
        for (String line : Files.readAllLines(deadLetters.file, StandardCharsets.UTF_8)) {
          JsonNode seq = readQuietly(line).path("seq");
          if (seq.canConvertToLong() && seq.asLong() > delivered) {
            deadLetters.setAside.add(seq.asLong());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + deadLetters.file, e);
      }
    }
    return deadLetters;
  }

  /** A line torn by a crash mid-write reads as nothing: its result is then simply set aside again. */
  private static JsonNode readQuietly(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  public Path path() {
    return file;
  }

  public synchronized boolean contains(long seq) {
    return setAside.contains(seq);
  }

  /** Writes the results down with the reason, on disk before this returns. */
  public synchronized void add(List<ResultSpool.Entry> entries, List<String> reasons, Instant at) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      ResultSpool.Entry entry = entries.get(i);
      ObjectNode line = JSON.createObjectNode();
      line.put("setAsideAt", at.toString());
      line.put("spoolId", entry.result().getSpoolId());
      line.put("seq", entry.seq());
      line.put("reason", reasons.get(i));
      line.set("result", PlainJson.toJson(entry.result()));
      lines.append(line).append('\n');
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set results aside in " + file, e);
    }
    entries.forEach(entry -> setAside.add(entry.seq()));
  }
}

package io.statuslog.checker.spool;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.kafka.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks this checker was last given, kept beside its spool: a checker restarted while
 * Kafka is unreachable probes them until Kafka says otherwise, instead of probing nothing.
 * Definitions are kept in their log encoding, so a cache written by an older checker reads.
 * An agent also keeps the region ingest gave them for (its token's), which it knows only from
 * ingest and needs before ingest answers.
 */
public final class CheckCache {
  private static final Logger LOG = LoggerFactory.getLogger(CheckCache.class);

  private final Path file;
  private final Path regionFile;
  private final AvroSerde<CheckDefinition> serde;

  public CheckCache(Path spoolDir, AvroSerde<CheckDefinition> serde) {
    this.file = spoolDir.resolve("checks.cache");
    this.regionFile = spoolDir.resolve("checks.region");
    this.serde = serde;
  }

  /** The region the cached checks were given for, when one was written. */
  public Optional<String> region() {
    try {
      return Files.exists(regionFile) ? Optional.of(Files.readString(regionFile).strip()).filter(region -> !region.isEmpty()) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("the checks cache {} cannot be read ({}); starting without it", regionFile, e.toString());
      return Optional.empty();
    }
  }

  /** Records the region; written before the checks, so cached checks always have their region. */
  public void writeRegion(String region) {
    try {
      AtomicFile.write(regionFile, region.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checks cache " + regionFile, e);
    }
  }

  public List<CheckDefinition> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<CheckDefinition> definitions = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException end) {
          return definitions;
        }
        definitions.add(serde.decode(in.readNBytes(length)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("the checks cache {} cannot be read ({}); starting without it", file, e.toString());
      return List.of();
    }
  }

  public void write(List<CheckDefinition> definitions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (CheckDefinition definition : definitions) {
        byte[] encoded = serde.encode(definition);
        out.writeInt(encoded.length);
        out.write(encoded);
      }
      AtomicFile.write(file, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checks cache " + file, e);
    }
  }
}

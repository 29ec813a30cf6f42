package io.statuslog.projector.kafka;

import io.statuslog.projector.core.Batch;
import io.statuslog.projector.core.Duplicates;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.Observation;
import io.statuslog.projector.core.Storable;
import io.statuslog.projector.db.ReadModelWriter.Item;
import io.statuslog.schemas.catalog.SchemaCatalog;
import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what one poll returned into a {@link Batch}: results decoded straight into
 * observations, copies of results already counted left out ({@link Duplicates}), definition
 * changes and incident events decoded, and records that cannot be decoded or that the read
 * model cannot hold ({@link Storable}) set aside on the dead-letter topic (acknowledged before
 * this returns, so before the batch that skips them can commit).
 * It also turns a poll into one batch per record, with each record's source, for a batch that
 * must be stored record by record ({@link #decodeEach}).
 *
 * <p>Runs on the projector loop's own thread, where it polls; not thread-safe.
 */
final class BatchDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(BatchDecoder.class);

  /** A poll as one batch per record, each with its source record, and the position after all of them. */
  record Separable(List<Item<ConsumerRecord<byte[], byte[]>>> items, Batch.Position position, int setAside) {
    /** Several polls in a row as one. */
    static Separable join(List<Separable> polls) {
      if (polls.size() == 1) {
        return polls.getFirst();
      }
      List<Item<ConsumerRecord<byte[], byte[]>>> items = new ArrayList<>();
      polls.forEach(poll -> items.addAll(poll.items()));
      return new Separable(items, Batch.Position.after(polls.stream().map(Separable::position).toList()),
          polls.stream().mapToInt(Separable::setAside).sum());
    }
  }

  private final String resultsTopic;
  private final Topic<String, CheckDefinition> definitions;
  private final Topic<String, IncidentEvent> incidents;
  private final DeadLetters deadLetters;
  private final int generationId;
  private final Map<LogPartition, Long> stopAt;
  private final ObservationDecoder observations = new ObservationDecoder(SchemaCatalog.bundled().store());
  private Duplicates duplicates = new Duplicates(Map.of());

  /** {@code stopAt}: for a bounded replay, decode records below these offsets only (absent partitions: none). */
  BatchDecoder(Topics topics, DeadLetters deadLetters, int generationId, Optional<Map<LogPartition, Long>> stopAt) {
    this.resultsTopic = topics.checkResults().name();
    this.definitions = topics.checkDefinitions();
    this.incidents = topics.incidents();
    this.deadLetters = deadLetters;
    this.generationId = generationId;
    this.stopAt = stopAt.orElse(null);
  }

  /** Forgets what was decoded ahead and starts from the spool numbers the generation stored. */
  void startFrom(Map<Duplicates.Mark, Long> storedSequences) {
    duplicates = new Duplicates(storedSequences);
  }

  Batch decode(ConsumerRecords<byte[], byte[]> records, Map<LogPartition, Long> positions) {
    Whole whole = new Whole(records.count());
    decodeInto(records, whole);
    deadLetters.flush();
    return new Batch(whole.results, whole.definitions, whole.incidents, whole.setAside, position(positions));
  }

  Separable decodeEach(ConsumerRecords<byte[], byte[]> records, Map<LogPartition, Long> positions) {
    Each each = new Each();
    decodeInto(records, each);
    deadLetters.flush();
    return new Separable(each.items, position(positions), each.setAside);
  }

  private Batch.Position position(Map<LogPartition, Long> positions) {
    Map<LogPartition, Long> next = new HashMap<>(positions);
    if (stopAt != null) {
      next.replaceAll((partition, offset) -> Math.min(offset, stopAt.getOrDefault(partition, 0L)));
    }
    return new Batch.Position(next, duplicates.endBatch());
  }

  /** Where decoded records go: one batch for the whole poll, or one per record. */
  private interface Sink {
    void result(ConsumerRecord<byte[], byte[]> record, Observation observation);

    void definition(ConsumerRecord<byte[], byte[]> record, String checkId, Optional<CheckDefinition> definition);

    void incident(ConsumerRecord<byte[], byte[]> record, IncidentEvent event);

    void setAside(ConsumerRecord<byte[], byte[]> record);
  }

  /** Partition by partition, so topics, stop bounds and spools are looked up once per partition, not per record. */
  private void decodeInto(ConsumerRecords<byte[], byte[]> records, Sink sink) {
    for (TopicPartition tp : records.partitions()) {
      LogPartition partition = new LogPartition(tp.topic(), tp.partition());
      long stopOffset = stopAt == null ? Long.MAX_VALUE : stopAt.getOrDefault(partition, 0L);
      boolean isResults = tp.topic().equals(resultsTopic);
      boolean isDefinitions = tp.topic().equals(definitions.name());
      Duplicates.Partition spools = duplicates.in(partition);
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        if (record.offset() >= stopOffset) {
          break;
        }
        try {
          if (isResults) {
            if (record.value() != null) {
              results(record, spools, sink);
            }
          } else if (isDefinitions) {
            if (record.key() == null) {
              throw new SerializationException("a check definition needs its check id as key");
            }
            String checkId = new String(record.key(), StandardCharsets.UTF_8);
            CheckDefinition definition = definitions.valueSerde().deserializer().deserialize(tp.topic(), record.value());
            storable(Storable.problem(checkId, definition));
            sink.definition(record, checkId, Optional.ofNullable(definition));
          } else {
            IncidentEvent event = incidents.valueSerde().deserializer().deserialize(tp.topic(), record.value());
            if (event != null) {
              storable(Storable.problem(event));
              sink.incident(record, event);
            }
          }
        } catch (SerializationException e) {
          setAside(record, e.getMessage(), sink);
        }
      }
    }
  }

  /**
   * A record's results: one, or a batch ingest wrote. A result the read model cannot hold is set
   * aside on its own, so one bad result of a batch does not take the others with it; the dead
   * letter is the whole record, its reason naming the result's place in the batch.
   */
  private void results(ConsumerRecord<byte[], byte[]> record, Duplicates.Partition spools, Sink sink) {
    observations.open(record.value());
    for (int index = 0; observations.hasNext(); index++) {
      Observation observation = observations.next();
      // A copy is told apart before anything else, so a copy of a result set aside is not counted either.
      if (spools.firstSeen(observations.spoolId(), observations.sequence())) {
        Optional<String> problem = Storable.problem(observation);
        if (problem.isEmpty()) {
          sink.result(record, observation);
        } else {
          setAside(record, (index == 0 && !observations.hasNext() ? "" : "result [" + index + "] of the batch: ") + "not storable: " + problem.get(), sink);
        }
      }
    }
  }

  private void setAside(ConsumerRecord<byte[], byte[]> record, String reason, Sink sink) {
    LOG.error("record set aside generation={} topic={} partition={} offset={} reason={}",
        generationId, record.topic(), record.partition(), record.offset(), reason);
    deadLetters.send(record, reason);
    sink.setAside(record);
  }

  /** A record the read model cannot hold is set aside as an undecodable one is. */
  private static void storable(Optional<String> problem) {
    if (problem.isPresent()) {
      throw new SerializationException("not storable: " + problem.get());
    }
  }

  private static final class Whole implements Sink {
    final List<Observation> results;
    final Map<String, Optional<CheckDefinition>> definitions = new HashMap<>();
    final List<IncidentEvent> incidents = new ArrayList<>();
    int setAside;

    Whole(int expected) {
      results = new ArrayList<>(expected);
    }

    @Override
    public void result(ConsumerRecord<byte[], byte[]> record, Observation observation) {
      results.add(observation);
    }

    @Override
    public void definition(ConsumerRecord<byte[], byte[]> record, String checkId, Optional<CheckDefinition> definition) {
      definitions.put(checkId, definition);
    }

    @Override
    public void incident(ConsumerRecord<byte[], byte[]> record, IncidentEvent event) {
      incidents.add(event);
    }

    @Override
    public void setAside(ConsumerRecord<byte[], byte[]> record) {
      setAside++;
    }
  }

  private static final class Each implements Sink {
    final List<Item<ConsumerRecord<byte[], byte[]>>> items = new ArrayList<>();
    int setAside;

    @Override
    public void result(ConsumerRecord<byte[], byte[]> record, Observation observation) {
      add(record, new Batch(List.of(observation), Map.of(), List.of(), 0, Batch.Position.NONE));
    }

    @Override
    public void definition(ConsumerRecord<byte[], byte[]> record, String checkId, Optional<CheckDefinition> definition) {
      add(record, new Batch(List.of(), Map.of(checkId, definition), List.of(), 0, Batch.Position.NONE));
    }

    @Override
    public void incident(ConsumerRecord<byte[], byte[]> record, IncidentEvent event) {
      add(record, new Batch(List.of(), Map.of(), List.of(event), 0, Batch.Position.NONE));
    }

    @Override
    public void setAside(ConsumerRecord<byte[], byte[]> record) {
      setAside++;
    }

    private void add(ConsumerRecord<byte[], byte[]> record, Batch single) {
      items.add(new Item<>(single, record));
    }
  }
}

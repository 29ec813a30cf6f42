package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one or more polls of the log bring, decoded: results (copies already left out), definition
 * changes (empty = removed; the last one per check wins), incident events in log order, how
 * many records were set aside, and the position to store once this batch is written.
 */
public record Batch(
    List<Observation> results,
    Map<String, Optional<CheckDefinition>> definitions,
    List<IncidentEvent> incidents,
    int setAside,
    Position position) {

  /** Where the generation stands after a batch: per partition the next offset, per spool and partition the highest number counted. */
  public record Position(Map<LogPartition, Long> nextOffsets, Map<Duplicates.Mark, Long> spoolSequences) {
    public static final Position NONE = new Position(Map.of(), Map.of());

    /**
     * Where the generation stands after several batches in a row: per partition the offset of
     * the last batch that names it, and every spool number that moved (a later batch's number
     * for a spool is the higher one). A batch names every partition the consumer reads, but a
     * partition missing from one, whatever the reason, must not lose the offset the batches
     * before it reached: its rows would be counted again after a restart.
     */
    public static Position after(List<Position> positions) {
      Map<LogPartition, Long> offsets = new HashMap<>();
      Map<Duplicates.Mark, Long> sequences = new HashMap<>();
      for (Position position : positions) {
        offsets.putAll(position.nextOffsets());
        sequences.putAll(position.spoolSequences());
      }
      return new Position(offsets, sequences);
    }
  }

  /** Records the batch took from the log, whatever became of them. */
  public int size() {
    return results.size() + definitions.size() + incidents.size() + setAside;
  }

  /** Several batches in a row as one, to be written in one transaction. */
  public static Batch join(List<Batch> batches) {
    if (batches.size() == 1) {
      return batches.getFirst();
    }
    Batch content = merge(batches);
    return new Batch(content.results(), content.definitions(), content.incidents(), content.setAside(),
        Position.after(batches.stream().map(Batch::position).toList()));
  }

  /** The content of several batches as one, in order, without a position. */
  public static Batch merge(List<Batch> batches) {
    List<Observation> results = new ArrayList<>();
    Map<String, Optional<CheckDefinition>> definitions = new LinkedHashMap<>();
    List<IncidentEvent> incidents = new ArrayList<>();
    int setAside = 0;
    for (Batch batch : batches) {
      results.addAll(batch.results());
      definitions.putAll(batch.definitions());
      incidents.addAll(batch.incidents());
      setAside += batch.setAside();
    }
    return new Batch(results, definitions, incidents, setAside, Position.NONE);
  }
}

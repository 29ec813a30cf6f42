package io.statuslog.projector.core;

import io.statuslog.schemas.events.CheckDefinition;
import io.statuslog.schemas.events.IncidentEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one poll of the log brings, decoded: results, definition changes (empty = removed),
 * incident events in log order, how many records could not be decoded, and the offsets to
 * resume from once this batch is stored.
 */
public record Batch(
    List<Observation> results,
    Map<String, Optional<CheckDefinition>> definitions,
    List<IncidentEvent> incidents,
    int poisonRecords,
    Map<LogPartition, Long> nextOffsets) {

  public int size() {
    return results.size() + definitions.size() + incidents.size() + poisonRecords;
  }
}

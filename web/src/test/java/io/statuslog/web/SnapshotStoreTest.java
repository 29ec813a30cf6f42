package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.jackson.Jackson;
import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.SnapshotStore;
import io.statuslog.web.core.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-24T14:02:00Z");
  private static final ObjectMapper JSON = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final CheckSummary api = new CheckSummary("api", "API", "Core", "http", Status.UP, null, T0, 100.0, 99.9, List.of(), List.of(), List.of());
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock = new Clock() {
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };

  @TempDir Path dir;

  @Test
  void freshDataIsServedFreshThenMarkedStaleWhenRefreshesKeepFailing() {
    SnapshotStore store = new SnapshotStore(Optional.empty(), JSON, clock, Duration.ofSeconds(30));
    store.accept(new Snapshot(T0, false, 1, List.of(api), List.of()));

    assertThat(store.current().snapshot().stale()).isFalse();

    now.set(T0.plusSeconds(31));
    store.refreshFailed();

    Snapshot served = store.current().snapshot();
    assertThat(served.stale()).isTrue();
    assertThat(served.dataAsOf()).isEqualTo(T0);
    assertThat(served.checks()).containsExactly(api);
    assertThat(store.current().htmlText()).contains("Live updates are delayed — data as of 14:02 UTC");
    assertThat(store.ageSeconds()).isEqualTo(31);
  }

  @Test
  void aRestartServesTheSnapshotFromDiskMarkedStale() {
    Path file = dir.resolve("snapshot.json");
    new SnapshotStore(Optional.of(file), JSON, clock, Duration.ofSeconds(30)).accept(new Snapshot(T0, false, 1, List.of(api), List.of()));

    SnapshotStore restarted = new SnapshotStore(Optional.of(file), JSON, clock, Duration.ofSeconds(30));

    assertThat(restarted.current().snapshot()).isEqualTo(new Snapshot(T0, true, 1, List.of(api), List.of()));
    assertThat(restarted.current().htmlText()).contains("API").contains("stale-banner");
  }

  @Test
  void aSnapshotFileFromAnotherVersionStillLoadsWithoutTheFieldsThisOneDoesNotKnow() throws Exception {
    // Written by a newer version, then rolled back: the page must have something to serve.
    Path file = dir.resolve("snapshot.json");
    new SnapshotStore(Optional.of(file), JSON, clock, Duration.ofSeconds(30)).accept(new Snapshot(T0, false, 1, List.of(api), List.of()));
    ObjectNode newer = (ObjectNode) JSON.readTree(file.toFile());
    newer.put("renderedBy", "statuslog 9");
    ((ObjectNode) newer.withArray("checks").get(0)).put("resultsPerRegion", 3);
    Files.writeString(file, JSON.writeValueAsString(newer));

    // The web tier's own mapper refuses unknown fields, for requests (WebApplication.initialize).
    ObjectMapper strict = JSON.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    assertThat(new SnapshotStore(Optional.of(file), strict, clock, Duration.ofSeconds(30)).current().snapshot())
        .as("read strictly, the file would be lost").isEqualTo(Snapshot.empty());
    assertThat(new SnapshotStore(Optional.of(file), WebApplication.lenient(strict), clock, Duration.ofSeconds(30)).current().snapshot())
        .isEqualTo(new Snapshot(T0, true, 1, List.of(api), List.of()));
  }

  @Test
  void withNothingAtAllItServesAnEmptyStalePage() {
    SnapshotStore store = new SnapshotStore(Optional.of(dir.resolve("missing.json")), JSON, clock, Duration.ofSeconds(30));

    assertThat(store.current().snapshot()).isEqualTo(Snapshot.empty());
    assertThat(store.current().htmlText()).contains("no data could be read yet");
  }
}

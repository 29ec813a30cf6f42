package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.events.Severity;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServicesExtension.class)
class GenerationsIT {
  private static final List<String> CHECKS = List.of("api", "web", "db");

  @Test
  void aRebuildWhileResultsKeepArrivingCutsOverWithNothingMissingOrDoubled(RealServices services) throws Exception {
    // Given a log, and two projectors running against the same database (only one may write)
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    log.writeDefinitions(CHECKS);
    log.writeResults(CHECKS, 3_000, 1);
    log.writeIncidents(incident("inc-1"));
    ProjectorConfiguration config = new ProjectorConfiguration(kafka, null, new Projector(500, null));
    Generations generations = new Generations(kafka, dataSource);

    try (ProjectorService first = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE);
        ProjectorService second = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE)) {
      awaitCaughtUp(log, dataSource, "rm_1");

      // When results keep arriving while generation 2 is rebuilt, and it is cut over
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = Thread.ofPlatform().start(() -> {
        for (int round = 0; writing.get(); round++) {
          log.writeResults(CHECKS, 100, 1000 + round);
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      Generation rebuilt = generations.rebuild(400);
      assertThat(rebuilt.state()).isEqualTo(State.CATCHING_UP);
      Generation live = generations.cutover(Optional.empty(), Long.MAX_VALUE);
      writing.set(false);
      writer.join();
      log.writeIncidents(List.of(event("inc-1", "inc-1-e3", IncidentEventType.RESOLVED, null, "Fixed")));

      // Then generation 2 is live and both it and the retired one hold every result exactly once
      assertThat(live.id()).isEqualTo(2);
      assertThat(generations.control().find(1).orElseThrow().state()).isEqualTo(State.RETIRED);
      awaitCaughtUp(log, dataSource, "rm_2");
      awaitCaughtUp(log, dataSource, "rm_1");
      var truth = log.countsInLog();
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_2")).isEqualTo(truth);
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(truth);
      assertThat(dayTotals(dataSource, "rm_2")).isEqualTo(truth.values().stream().mapToLong(c -> c.up() + c.down() + c.degraded()).sum());
      assertThat(query(dataSource, "SELECT state || ',' || severity FROM rm_2.incidents")).isEqualTo("RESOLVED,MAJOR");
      assertThat(query(dataSource, "SELECT count(*) FROM rm_2.incident_updates")).isEqualTo("3");

      // And a rollback makes generation 1 live again
      assertThat(generations.rollback(Long.MAX_VALUE).id()).isEqualTo(1);
      assertThat(generations.control().live().orElseThrow().id()).isEqualTo(1);
      assertThatThrownBy(() -> generations.cutover(Optional.of(1), 0)).hasMessageContaining("already live");
    }
  }

  @Test
  void theFirstLiveGenerationHasNoPredecessorAndNothingToRollBackTo(RealServices services) throws Exception {
    // Given generation 1 made live on an empty installation
    Installation installation = Installation.fresh(services);
    Generations generations = new Generations(installation.kafka(), installation.dataSource());
    generations.control().migrate();
    generations.control().upsert(1, State.BUILDING, "test");
    generations.control().makeLive(1);

    // Then it has no previous live generation, and a rollback refuses and says why
    assertThat(generations.control().find(1).orElseThrow().previousLive()).isEmpty();
    assertThatThrownBy(() -> generations.rollback(Long.MAX_VALUE))
        .hasMessage("generation 1 is the first to have been live: there is nothing to roll back to");

    // And the generation made live after it names it as its predecessor
    generations.control().upsert(2, State.CATCHING_UP, "test");
    generations.control().makeLive(2);
    assertThat(generations.control().find(2).orElseThrow().previousLive()).contains(1);
  }

  private static List<IncidentEvent> incident(String id) {
    return List.of(
        event(id, id + "-e1", IncidentEventType.OPENED, Severity.MINOR, "Investigating"),
        event(id, id + "-e2", IncidentEventType.UPDATED, Severity.MAJOR, "Identified"));
  }

  private static IncidentEvent event(String id, String eventId, IncidentEventType type, Severity severity, String text) {
    return IncidentEvent.newBuilder()
        .setEventId(eventId)
        .setIncidentId(id)
        .setType(type)
        .setAt(Instant.now())
        .setSeverity(severity)
        .setTitle(type == IncidentEventType.OPENED ? "API errors" : null)
        .setText(text)
        .build();
  }

  private static void awaitCaughtUp(LogFixture log, DataSource dataSource, String schema) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
        .until(() -> LogFixture.storedOffsetTotal(dataSource, schema) == log.endOffsetTotal());
  }

  private static long dayTotals(DataSource dataSource, String schema) throws Exception {
    return Long.parseLong(query(dataSource, "SELECT sum(up_count + down_count + degraded_count) FROM " + schema + ".rollup_day"));
  }

  static String query(DataSource dataSource, String sql) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}

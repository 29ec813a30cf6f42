package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.generations.Verifier;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.IncidentEvent;
import io.statuslog.schemas.events.IncidentEventType;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records that decode but that the read model cannot hold (a NUL in a text, a date out of
 * PostgreSQL's range, a key too long for an index) are set aside with the reason and their
 * offset, and the projector goes on: every other result and incident is counted, in the live
 * generation and in a rebuilt one alike, and verify still matches. One such record used to stop
 * every generation. A refusal no rule foresaw is found among the batch and set aside too. In a
 * batch ingest wrote as one record, only the result the read model cannot hold is set aside.
 */
@ExtendWith(RealServicesExtension.class)
class RefusedRecordIT {
  @Test
  void recordsTheReadModelCannotHoldAreSetAsideTheSameWayInEveryGeneration(RealServices services) throws Exception {
    // Given good results and incidents with four records the read model cannot hold among them
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web");
    log.writeDefinitions(checks);
    List<CheckResult> good = new ArrayList<>(LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 200));
    log.write(good);
    CheckResult nulInMessage = LogFixture.numbered("bbbbbbbbbbbbbbbb", List.of("api"), 1, 1).getFirst();
    nulInMessage.setErrorMessage("broken\u0000reply");
    CheckResult tooLongId = LogFixture.numbered("bbbbbbbbbbbbbbbb", List.of("x".repeat(300)), 2, 1).getFirst();
    CheckResult farFuture = LogFixture.numbered("bbbbbbbbbbbbbbbb", List.of("web"), 3, 1).getFirst();
    farFuture.setStartedAt(Instant.ofEpochMilli(Long.MAX_VALUE / 2));
    log.write(List.of(nulInMessage, tooLongId, farFuture));
    log.writeIncidents(List.of(
        incident("inc-good", IncidentEventType.OPENED, "Database slow", "Looking into it"),
        incident("inc-nul", IncidentEventType.OPENED, "Broken", "text with a \u0000 in it"),
        incident("inc-good", IncidentEventType.UPDATED, null, "Fixed the index")));
    List<CheckResult> after = LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 201, 100);
    log.write(after);
    good.addAll(after);
    // And a batch from ingest with one such result between two good ones, posted twice by its agent
    List<CheckResult> batch = LogFixture.numbered("edge-1/spool-a", checks, 1, 3);
    batch.get(1).setErrorMessage("agent\u0000text");
    log.writeBatch("edge-1", batch);
    log.writeBatch("edge-1", batch);
    good.add(batch.get(0));
    good.add(batch.get(2));

    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(500, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      // When the projector reads them, it gets past all five
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());

      // Then every good result and incident is counted, the refused ones are not
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(LogFixture.countsOnce(good));
      assertThat(incidents(dataSource, "rm_1")).containsExactly("inc-good");
      assertThat(updates(dataSource, "rm_1")).isEqualTo(2);

      // And each is set aside with PostgreSQL's reason and where it came from
      List<ConsumerRecord<String, byte[]>> letters = LogFixture.deadLetters(kafka, 5);
      assertThat(letters).hasSize(5).allSatisfy(letter -> {
        assertThat(LogFixture.header(letter, "statuslog.reason")).containsOnlyOnce("not storable: ");
        assertThat(LogFixture.header(letter, "statuslog.generation")).isEqualTo("1");
        assertThat(LogFixture.header(letter, "statuslog.source.offset")).matches("\\d+");
      });
      assertThat(letters).extracting(letter -> LogFixture.header(letter, "statuslog.source.topic"))
          .containsExactlyInAnyOrder(kafka.topics().checkResults().name(), kafka.topics().checkResults().name(),
              kafka.topics().checkResults().name(), kafka.topics().checkResults().name(), kafka.topics().incidents().name());
      // The batch's bad result is named by its place; the copy of the batch was not set aside again
      assertThat(letters).extracting(letter -> LogFixture.header(letter, "statuslog.reason"))
          .filteredOn(reason -> reason.startsWith("result [1] of the batch: not storable: ")).hasSize(1);

      // And a generation rebuilt from the log refuses the same ones, so verify matches
      Generation rebuilt = new Generations(kafka, dataSource).rebuild(100);
      assertThat(LogFixture.countsInReadModel(dataSource, rebuilt.schemaName())).isEqualTo(LogFixture.countsOnce(good));
      assertThat(incidents(dataSource, rebuilt.schemaName())).containsExactly("inc-good");
      assertThat(LogFixture.deadLetters(kafka, 10)).filteredOn(letter -> LogFixture.header(letter, "statuslog.generation").equals("2")).hasSize(5);
      assertThat(new Verifier(kafka, dataSource).verify(100).differences()).isEmpty();
    }
  }

  @Test
  void aRecordOnlyPostgresqlRefusesIsFoundAmongTheBatchAndSetAside(RealServices services) throws Exception {
    // Given a live generation whose schema refuses something no rule of the projector knows of
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web");
    log.writeDefinitions(checks);
    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(1_000, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE rm_1.incidents ADD CONSTRAINT refused_by_the_test CHECK (title <> 'refused by the test')");
      }

      // When that record arrives among many others
      List<CheckResult> results = LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 300);
      log.write(results.subList(0, 150));
      log.writeIncidents(List.of(
          incident("inc-1", IncidentEventType.OPENED, "Database slow", "Looking into it"),
          incident("inc-2", IncidentEventType.OPENED, "refused by the test", "PostgreSQL refuses this title"),
          incident("inc-3", IncidentEventType.OPENED, "CDN errors", "Looking into it")));
      log.write(results.subList(150, 300));

      // Then it alone is set aside, with PostgreSQL's reason, and everything else is stored
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(LogFixture.countsOnce(results));
      assertThat(incidents(dataSource, "rm_1")).containsExactly("inc-1", "inc-3");
      assertThat(LogFixture.deadLetters(kafka, 1)).singleElement().satisfies(letter -> {
        assertThat(LogFixture.header(letter, "statuslog.reason")).startsWith("PostgreSQL refused it: 23514");
        assertThat(LogFixture.header(letter, "statuslog.source.topic")).isEqualTo(kafka.topics().incidents().name());
      });
    }
  }

  private static IncidentEvent incident(String id, IncidentEventType type, String title, String text) {
    return IncidentEvent.newBuilder().setEventId(id + "-" + type + "-" + text.hashCode()).setIncidentId(id).setType(type)
        .setAt(Instant.now()).setTitle(title).setText(text).build();
  }

  private static Set<String> incidents(DataSource dataSource, String schema) throws Exception {
    Set<String> ids = new TreeSet<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT incident_id FROM " + schema + ".incidents")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private static long updates(DataSource dataSource, String schema) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".incident_updates")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}

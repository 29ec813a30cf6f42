package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.LostRecords;
import io.statuslog.projector.db.ControlDao;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records deleted from the log before a generation read them (retention set on the topic) are
 * not skipped in silence: the generation stops where it is, the gap is recorded for doctor, and
 * a rebuild makes a new generation from what the log still holds.
 */
@ExtendWith(RealServicesExtension.class)
class LostRecordsIT {
  @Test
  void aGenerationBehindRecordsDeletedFromTheLogStopsAndNamesTheGap(RealServices services) throws Exception {
    // Given a live generation that has read the first results
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db", "cdn");
    log.writeDefinitions(checks);
    log.write(LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 40));
    ProjectorConfiguration config = new ProjectorConfiguration(kafka, null, new Projector(100, null));
    try (ProjectorService projector = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());
    }
    long storedBefore = LogFixture.storedOffsetTotal(dataSource, "rm_1");

    // When more results arrive and are deleted from the log before the projector reads them
    List<CheckResult> survivors = LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 41, 40);
    log.write(LogFixture.numbered("zzzzzzzzzzzzzzzz", checks, 1, 60));
    Map<TopicPartition, Long> deletedUpTo = deleteEverything(kafka);
    log.write(survivors);

    ControlDao control = new ControlDao(dataSource);
    try (ProjectorService projector = ProjectorService.start(config, dataSource, ProjectorLoop.Observer.NONE)) {
      // Then the generation stops at its stored position and the gap is recorded
      await().atMost(Duration.ofMinutes(1)).until(() -> control.lostRecords().containsKey(1));
      List<LostRecords.Gap> gaps = control.lostRecords().get(1);
      assertThat(gaps).isNotEmpty().allSatisfy(gap -> {
        TopicPartition tp = new TopicPartition(gap.partition().topic(), gap.partition().partition());
        assertThat(gap.to()).isEqualTo(deletedUpTo.get(tp));
      });
      assertThat(gaps.stream().mapToLong(LostRecords.Gap::count).sum()).isEqualTo(60);
      await("not written past the gap").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == storedBefore);

      // And doctor fails, naming what was lost
      Diagnosis diagnosis = installation.doctor().examine();
      assertThat(diagnosis.exitCode()).isEqualTo(3);
      assertThat(diagnosis.findings()).filteredOn(f -> f.level() == Diagnosis.Level.FAIL).singleElement().satisfies(f -> {
        assertThat(f.subject()).isEqualTo("generation 1 (rm_1, live)");
        assertThat(f.message()).startsWith("60 record(s) were deleted from the log before it read them (" + kafka.topics().checkResults().name() + "-");
      });

      // And a rebuild makes a generation of what the log still holds, which can go live
      Generations generations = new Generations(kafka, dataSource);
      Generation rebuilt = generations.rebuild(100);
      assertThat(LogFixture.countsInReadModel(dataSource, rebuilt.schemaName())).isEqualTo(LogFixture.countsOnce(survivors));
      assertThat(generations.cutover(Optional.of(rebuilt.id()), 0).id()).isEqualTo(rebuilt.id());
    }
  }

  /** What retention does: deletes the records of every partition of the results topic up to its end. */
  private static Map<TopicPartition, Long> deleteEverything(KafkaSettings kafka) throws Exception {
    String topic = kafka.topics().checkResults().name();
    Map<TopicPartition, Long> ends;
    try (var consumer = new KafkaConsumer<>(kafka.clientProperties("ends"), new StringDeserializer(), new StringDeserializer())) {
      ends = consumer.endOffsets(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
    }
    try (Admin admin = Admin.create(kafka.clientProperties("retention"))) {
      admin.deleteRecords(ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> RecordsToDelete.beforeOffset(e.getValue())))).all().get();
    }
    return ends;
  }
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The log changes under a running projector: partitions are added, transactions leave markers. */
@ExtendWith(RealServicesExtension.class)
class LogChangesIT {
  @Test
  void partitionsAddedToATopicAreProjectedWithoutARestart(RealServices services) throws Exception {
    // Given a projector following the log
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web");
    log.writeDefinitions(checks);
    List<CheckResult> all = new ArrayList<>(LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 30));
    log.write(all);
    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(100, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());

      // When the results topic grows two partitions and results land in them
      Topic<String, CheckResult> topic = kafka.topics().checkResults();
      try (Admin admin = Admin.create(kafka.clientProperties("grow"))) {
        admin.createPartitions(Map.of(topic.name(), NewPartitions.increaseTo(kafka.partitions() + 2))).all().get();
      }
      List<CheckResult> inNewPartitions = LogFixture.numbered("bbbbbbbbbbbbbbbb", checks, 1, 20);
      try (var producer = new KafkaProducer<>(kafka.producerProperties("fixture"), new StringSerializer(), topic.valueSerde().serializer())) {
        for (int i = 0; i < inNewPartitions.size(); i++) {
          CheckResult result = inNewPartitions.get(i);
          producer.send(new ProducerRecord<>(topic.name(), kafka.partitions() + i % 2, result.getCheckId(), result));
        }
      }
      all.addAll(inNewPartitions);

      // Then they are counted, the projector never restarted
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
          assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(LogFixture.countsOnce(all)));
    }
  }

  @Test
  void transactionMarkersAreNotLagAndACaughtUpGenerationCutsOverAtMaxLagZero(RealServices services) throws Exception {
    // Given results written in transactions, as checkers write them: each commit leaves a marker
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web", "db");
    log.writeDefinitions(checks);
    writeInTransactions(kafka, LogFixture.numbered("aaaaaaaaaaaaaaaa", checks, 1, 120), 10);

    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(100, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      Generations generations = new Generations(kafka, dataSource);
      Generation live = generations.control().live().orElseThrow();

      // When the projector has read everything, the idle generation has lag 0
      await().atMost(Duration.ofMinutes(1)).until(() -> generations.totalLag(live) == 0);

      // And a rebuilt generation, caught up, cuts over with --max-lag 0
      Generation rebuilt = generations.rebuild(100);
      await().atMost(Duration.ofMinutes(1)).until(() -> generations.totalLag(rebuilt) == 0);
      assertThat(generations.cutover(Optional.empty(), 0).id()).isEqualTo(rebuilt.id());
    }
  }

  private static void writeInTransactions(KafkaSettings kafka, List<CheckResult> results, int perTransaction) {
    Topic<String, CheckResult> topic = kafka.topics().checkResults();
    Properties props = kafka.producerProperties("transactional-fixture");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-" + topic.name());
    try (var producer = new KafkaProducer<>(props, new StringSerializer(), topic.valueSerde().serializer())) {
      producer.initTransactions();
      for (int i = 0; i < results.size(); i += perTransaction) {
        producer.beginTransaction();
        for (CheckResult result : results.subList(i, Math.min(results.size(), i + perTransaction))) {
          producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), result));
        }
        producer.commitTransaction();
      }
    }
  }
}

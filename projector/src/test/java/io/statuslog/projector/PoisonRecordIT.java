package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.projector.ProjectorConfiguration.Projector;
import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bytes that are not an event neither stop the projector nor vanish: they are set aside and reported. */
@ExtendWith(RealServicesExtension.class)
class PoisonRecordIT {
  @Test
  void aPoisonRecordIsSetAsideWithItsReasonAndEveryValidResultIsCountedOnce(RealServices services) throws Exception {
    // Given results with poison records among them
    Installation installation = Installation.fresh(services);
    KafkaSettings kafka = installation.kafka();
    DataSource dataSource = installation.dataSource();
    LogFixture log = new LogFixture(kafka);
    List<String> checks = List.of("api", "web");
    log.writeDefinitions(checks);
    log.writeResults(checks, 500, 11);
    log.writePoison("api", "not an event".getBytes(StandardCharsets.UTF_8));
    log.writeResults(checks, 500, 12);
    log.writePoison("web", new byte[] {(byte) 0xC3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0});

    // When the projector runs
    try (ProjectorService projector = ProjectorService.start(new ProjectorConfiguration(kafka, null, new Projector(100, null)), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> LogFixture.storedOffsetTotal(dataSource, "rm_1") == log.endOffsetTotal());

      // Then it went past them, counted every valid result once, and set both aside with the reason
      assertThat(LogFixture.countsInReadModel(dataSource, "rm_1")).isEqualTo(log.countsInLog());
      List<ConsumerRecord<String, byte[]>> letters = LogFixture.deadLetters(kafka, 2);
      assertThat(letters).extracting(letter -> LogFixture.header(letter, "statuslog.source.topic")).containsOnly(kafka.topics().checkResults().name());
      assertThat(letters).extracting(letter -> LogFixture.header(letter, "statuslog.reason")).allSatisfy(reason -> assertThat(reason).startsWith("not a valid event"));
      assertThat(letters).extracting(ConsumerRecord::value).anySatisfy(value -> assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("not an event"));

      // And doctor reports them as a warning, not a failure
      Diagnosis report = installation.doctor().examine();
      assertThat(report.exitCode()).as(report.findings().toString()).isEqualTo(1);
      assertThat(report.findings().toString()).contains("2 undecodable record(s) set aside");
    }
  }
}

package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.events.CheckResult;
import io.statuslog.schemas.events.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import io.statuslog.testkit.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands as an operator runs them: output, exit codes, and what they change. */
@ExtendWith(RealServicesExtension.class)
class OperatorCommandsIT {
  @TempDir Path dir;

  @Test
  void generationsDoctorVerifyRebuildCutoverRollback(RealServices services) throws Exception {
    // Given a projected log
    KafkaSettings kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
    // The platform's configuration file; only the projector runs here, so counts stay exact.
    TestPlatform platform = new TestPlatform(dir, kafka, database.jdbcUrl(), database.user(), database.password());
    Path config = platform.config();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    TopicAdmin.ensureTopics(kafka);
    writeResults(kafka, 1_500);
    String c = config.toString();

    try (platform;
        ProjectorService projector =
        ProjectorService.start(ConfigFiles.load(config, ProjectorConfiguration.class), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(1)).until(() -> count(dataSource, "SELECT coalesce(sum(up_count + down_count), 0) FROM rm_1.rollup_day") == 1_500);

      // Then generations, doctor and verify say all is well
      Cli.Run generations = Cli.run("generations", "-c", c);
      assertThat(generations.exit()).isZero();
      assertThat(generations.out()).contains("rm_1").contains("live");
      Cli.Run doctor = Cli.run("doctor", "-c", c);
      assertThat(doctor.exit()).as(doctor.out()).isZero();
      assertThat(doctor.out()).contains("OK  topic " + kafka.topicPrefix() + ".check-results: keeps every record").contains("doctor: all is well");
      Cli.Run verify = Cli.run("verify", "-c", c);
      assertThat(verify.exit()).as(verify.err()).isZero();
      assertThat(verify.out()).contains("generation 1 matches the log (1500 results compared)");

      // And with only generation 1 ever live, rollback has nothing to roll back to
      Cli.Run nothingToRollBackTo = Cli.run("rollback", "-c", c);
      assertThat(nothingToRollBackTo.exit()).isEqualTo(1);
      assertThat(nothingToRollBackTo.err()).isEqualTo("statuslog rollback: generation 1 is the first to have been live: there is nothing to roll back to");

      // When the live read model loses rows behind the projector's back
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DELETE FROM rm_1.rollup_day WHERE check_id = 'api' AND day = (SELECT min(day) FROM rm_1.rollup_day)");
      }

      // Then verify names the difference and fails; rebuild + cutover repair it; rollback undoes the cutover
      Cli.Run broken = Cli.run("verify", "-c", c);
      assertThat(broken.exit()).isEqualTo(4);
      assertThat(broken.out()).contains("api ").contains("live has DayCounts[up=");
      assertThat(broken.err()).startsWith("statuslog verify: generation 1 differs from the log in 1 place(s)");

      Cli.Run rebuild = Cli.run("rebuild", "-c", c);
      assertThat(rebuild.exit()).as(rebuild.err()).isZero();
      assertThat(rebuild.out()).contains("generation 2 (rm_2) is caught up");
      Cli.Run cutover = Cli.run("cutover", "-c", c);
      assertThat(cutover.exit()).as(cutover.err()).isZero();
      assertThat(cutover.out()).contains("generation 2 (rm_2) is live");
      assertThat(Cli.run("verify", "-c", c).exit()).isZero();

      Cli.Run rollback = Cli.run("rollback", "-c", c);
      assertThat(rollback.exit()).as(rollback.err()).isZero();
      assertThat(rollback.out()).contains("generation 1 (rm_1) is live again");
      // And a generation whose indexes are not its version's is not made live again
      assertThat(Cli.run("cutover", "-c", c, "--to", "2").exit()).isZero();
      try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DROP INDEX rm_1.incidents_unresolved");
      }
      Cli.Run drifted = Cli.run("rollback", "-c", c);
      assertThat(drifted.exit()).isEqualTo(1);
      assertThat(drifted.err()).startsWith("statuslog rollback: generation 1 records version 4, but ").contains("incidents_unresolved")
          .endsWith("; it is not made live. Build a sound one with `statuslog rebuild`, then `statuslog cutover`");
      Cli.Run cutoverToMissing = Cli.run("cutover", "-c", c, "--to", "9");
      assertThat(cutoverToMissing.exit()).isEqualTo(1);
      assertThat(cutoverToMissing.err()).isEqualTo("statuslog cutover: generation 9 does not exist");
    }
  }

  private static void writeResults(KafkaSettings kafka, int count) {
    var topic = kafka.topics().checkResults();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("it"), new StringSerializer(), topic.valueSerde().serializer())) {
      Instant start = Instant.now().minus(Duration.ofDays(2));
      for (int i = 0; i < count; i++) {
        CheckResult result = CheckResult.newBuilder()
            .setCheckId(i % 2 == 0 ? "api" : "web")
            .setStartedAt(start.plusSeconds(60L * i))
            .setDurationMs(20)
            .setOutcome(i % 7 == 0 ? Outcome.DOWN : Outcome.UP)
            .build();
        producer.send(new ProducerRecord<>(topic.name(), result.getCheckId(), result));
      }
    }
  }

  private static long count(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }
}

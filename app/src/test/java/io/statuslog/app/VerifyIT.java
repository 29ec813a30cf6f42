package io.statuslog.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.statuslog.app.cli.ConfigFiles;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.projector.ProjectorService;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.generations.Verifier.DayCounts;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `statuslog verify` as an operator runs it, against a live generation projected from a real
 * log: it passes on the untouched generation and names the check and day of every difference
 * planted in it. The log spans four whole UTC days, mostly older than the 48 hours of minutes
 * that version 2 and later keep, so a version 1 generation (which keeps every minute) is only
 * equal to a replay made at its own version.
 */
@ExtendWith(RealServicesExtension.class)
class VerifyIT {
  private static final List<String> CHECKS = List.of("api", "web");
  private static final LocalDate FIRST_DAY = LocalDate.now(ZoneOffset.UTC).minusDays(4);
  private static final int DAYS = 4;
  private static final Duration EVERY = Duration.ofMinutes(10);

  @TempDir Path dir;

  @Test
  void verifyNamesTheCheckAndDayOfEveryDifferencePlantedInTheLiveGeneration(RealServices services) throws Exception {
    // Given a live generation that the projector built from the log
    KafkaSettings kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    TestPlatform platform = new TestPlatform(dir, kafka, database.jdbcUrl(), database.user(), database.password());
    String c = platform.config().toString();
    TopicAdmin.ensureTopics(kafka);
    Map<String, DayCounts> inLog = writeResults(kafka);
    long written = total(inLog);
    try (platform;
        ProjectorService projector =
            ProjectorService.start(ConfigFiles.load(platform.config(), ProjectorConfiguration.class), dataSource, ProjectorLoop.Observer.NONE)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> countedIn(dataSource, "rm_1.rollup_day") == written);
    }
    // and results it has not projected yet (it is stopped): verify compares up to the live
    // generation's own offsets, so these must not count
    writeResults(kafka);

    // Then verify passes on the untouched generation, having compared every result it holds
    Cli.Run untouched = Cli.run("verify", "-c", c);
    assertThat(untouched.exit()).as(untouched.err()).isZero();
    assertThat(untouched.out()).contains("verify: generation 1 matches the log (" + written + " results compared)");

    // When a day's rollup row is deleted and another day's count is changed behind the projector's back
    LocalDate deletedDay = FIRST_DAY;
    LocalDate changedDay = FIRST_DAY.plusDays(2);
    assertThat(update(dataSource, "DELETE FROM rm_1.rollup_day WHERE check_id = 'api' AND day = ?", deletedDay)).isEqualTo(1);
    assertThat(update(dataSource, "UPDATE rm_1.rollup_day SET down_count = down_count + 1 WHERE check_id = 'web' AND day = ?", changedDay))
        .isEqualTo(1);

    // Then verify fails and names the check and day of each difference, with both sides' counts
    Cli.Run planted = Cli.run("verify", "-c", c);
    assertThat(planted.exit()).isEqualTo(4);
    DayCounts changed = inLog.get("web " + changedDay);
    assertThat(planted.out().lines()).containsExactly(
        "api " + deletedDay + ": live has " + new DayCounts(0, 0, 0) + ", the log has " + inLog.get("api " + deletedDay),
        "web " + changedDay + ": live has " + new DayCounts(changed.up(), changed.down() + 1, changed.degraded()) + ", the log has " + changed);
    assertThat(planted.err()).isEqualTo("statuslog verify: generation 1 differs from the log in 2 place(s)");
  }

  @Test
  void verifyComparesAVersion1GenerationWithAReplayAtVersion1(RealServices services) throws Exception {
    // Given a live generation at version 1, as an older binary built it (V2 needs a rebuild, so
    // such a generation stays live until one), holding minutes from four days back
    KafkaSettings kafka = services.newKafka();
    TestDatabase database = services.newDatabase();
    DataSource dataSource = Databases.unpooled(database.jdbcUrl(), database.user(), database.password());
    TopicAdmin.ensureTopics(kafka);
    Map<String, DayCounts> inLog = writeResults(kafka);
    Generations generations = new Generations(kafka, dataSource);
    generations.control().migrate();
    ReadModelSchema schema = new ReadModelSchema("rm_1");
    schema.migrate(dataSource, 1);
    generations.control().upsert(1, State.BUILDING, "v1-binary");
    generations.control().makeLive(1);
    new ProjectorLoop(kafka, dataSource, 1, new ReadModelWriter(schema, 1), ProjectorLoop.Settings.replaying(500), ProjectorLoop.Observer.NONE)
        .runUntilCaughtUp();
    assertThat(countedIn(dataSource, "rm_1.rollup_minute")).isEqualTo(total(inLog));

    try (TestPlatform platform = new TestPlatform(dir, kafka, database.jdbcUrl(), database.user(), database.password())) {
      String c = platform.config().toString();

      // Then verify passes on it
      Cli.Run untouched = Cli.run("verify", "-c", c);
      assertThat(untouched.exit()).as(untouched.out() + untouched.err()).isZero();
      assertThat(untouched.out()).contains("verify: generation 1 matches the log (" + total(inLog) + " results compared)");

      // When a minute four days back gains a result the log does not have
      assertThat(update(dataSource, "UPDATE rm_1.rollup_minute SET up_count = up_count + 1 WHERE check_id = 'api' AND minute = ?", FIRST_DAY))
          .isEqualTo(1);

      // Then verify names that check and day
      Cli.Run planted = Cli.run("verify", "-c", c);
      assertThat(planted.exit()).isEqualTo(4);
      DayCounts day = inLog.get("api " + FIRST_DAY);
      assertThat(planted.out().lines()).containsExactly(
          "api " + FIRST_DAY + ": live has " + new DayCounts(day.up() + 1, day.down(), day.degraded()) + ", the log has " + day);
    }
  }

  /**
   * One result per check every ten minutes over {@link #DAYS} whole UTC days, with outcomes of
   * every kind; returns what it wrote, counted per check and day as verify keys them.
   */
  private static Map<String, DayCounts> writeResults(KafkaSettings kafka) {
    var topic = kafka.topics().checkResults();
    Map<String, DayCounts> counts = new TreeMap<>();
    Instant start = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = FIRST_DAY.plusDays(DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
    try (var producer = new KafkaProducer<>(kafka.producerProperties("verify-it"), new StringSerializer(), topic.valueSerde().serializer())) {
      int i = 0;
      for (Instant at = start; at.isBefore(end); at = at.plus(EVERY)) {
        for (String check : CHECKS) {
          Outcome outcome = i % 7 == 0 ? Outcome.DOWN : i % 11 == 0 ? Outcome.DEGRADED : Outcome.UP;
          i++;
          CheckResult result = CheckResult.newBuilder().setCheckId(check).setStartedAt(at).setDurationMs(20).setOutcome(outcome).build();
          producer.send(new ProducerRecord<>(topic.name(), check, result));
          counts.merge(check + " " + LocalDate.ofInstant(at, ZoneOffset.UTC), counted(outcome), VerifyIT::plus);
        }
      }
    }
    return counts;
  }

  private static DayCounts counted(Outcome outcome) {
    return new DayCounts(outcome == Outcome.UP ? 1 : 0, outcome == Outcome.DOWN ? 1 : 0, outcome == Outcome.DEGRADED ? 1 : 0);
  }

  private static DayCounts plus(DayCounts a, DayCounts b) {
    return new DayCounts(a.up() + b.up(), a.down() + b.down(), a.degraded() + b.degraded());
  }

  private static long total(Map<String, DayCounts> counts) {
    return counts.values().stream().mapToLong(day -> day.up() + day.down() + day.degraded()).sum();
  }

  private static long countedIn(DataSource dataSource, String table) throws Exception {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT coalesce(sum(up_count + down_count + degraded_count), 0) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Runs one statement whose only parameter is the start of a UTC day; returns the rows it changed. */
  private static int update(DataSource dataSource, String sql, LocalDate day) throws Exception {
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setTimestamp(1, Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
      return statement.executeUpdate();
    }
  }
}

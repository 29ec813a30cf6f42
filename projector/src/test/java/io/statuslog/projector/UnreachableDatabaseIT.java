package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.RealServicesExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A projector loop whose PostgreSQL is gone: a replay for an operator command gives up with the
 * reason once its steps have failed for its bound, and a following loop, which retries for as
 * long as it takes, stops at once when asked, not at the end of its current pause.
 */
@ExtendWith(RealServicesExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnreachableDatabaseIT {
  @Test
  void aReplayGivesUpWithTheReasonOnceItsStepsHaveFailedForItsBound(RealServices services) throws Exception {
    KafkaSettings kafka = kafkaWithTopics(services);
    int port = closedPort();
    ProjectorLoop.Settings bounded = new ProjectorLoop.Settings(500, Duration.ofSeconds(2), Optional.of(Duration.ofSeconds(3)));

    Throwable gaveUp = catchThrowable(() -> loop(kafka, unreachable(port), bounded).runUntilCaughtUp());

    assertThat(gaveUp).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("gave up after 3 s of failing to read the log or write PostgreSQL (is one of them down?): Connection to 127.0.0.1:" + port + " refused");
  }

  @Test
  void aFollowingLoopStopsAtOnceWhilePausingBetweenRetries(RealServices services) throws Exception {
    KafkaSettings kafka = kafkaWithTopics(services);
    ProjectorLoop following = loop(kafka, unreachable(closedPort()), ProjectorLoop.Settings.following(500));
    CompletableFuture<ProjectorLoop.Outcome> run = CompletableFuture.supplyAsync(following::run);

    // Retries after 0.5, 1, 2 and 4 s: nine seconds in, it is pausing 8 s before the next
    Thread.sleep(9_000);
    long stopping = System.nanoTime();
    following.stop();
    Duration took = Duration.ofNanos(System.nanoTime() - stopping);

    assertThat(run.get()).isInstanceOf(ProjectorLoop.Outcome.Stopped.class);
    assertThat(took).as("stop, with a pause of up to 8 s under way").isLessThan(Duration.ofSeconds(3));
  }

  private static KafkaSettings kafkaWithTopics(RealServices services) {
    KafkaSettings kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    return kafka;
  }

  private static ProjectorLoop loop(KafkaSettings kafka, DataSource dataSource, ProjectorLoop.Settings settings) {
    return new ProjectorLoop(kafka, dataSource, 1, new ReadModelWriter(new ReadModelSchema("rm_1"), 4), settings, ProjectorLoop.Observer.NONE);
  }

  private static DataSource unreachable(int port) {
    return Databases.unpooled("jdbc:postgresql://127.0.0.1:" + port + "/statuslog", "statuslog", "statuslog");
  }

  /** A port nothing listens on: connecting is refused at once. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

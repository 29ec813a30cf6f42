package io.statuslog.projector;

import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.projector.db.Databases;

/**
 * A projector process for crash drills: it dies like a SIGKILL (Runtime.halt, no shutdown
 * hooks, no rollback, no close) at a chosen point of a chosen batch, or runs until killed from
 * outside when the point is "never".
 *
 * <p>Arguments: bootstrap topicPrefix jdbcUrl user password schema maxBatch point batchNumber
 */
public final class CrashingProjector {
  public static final int KILLED = 137;

  public static void main(String[] args) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(args[0], args[1]);
    var dataSource = Databases.unpooled(args[2], args[3], args[4]);
    ReadModelSchema schema = new ReadModelSchema(args[5]);
    int maxBatch = Integer.parseInt(args[6]);
    String point = args[7];
    long crashBatch = Long.parseLong(args[8]);

    schema.migrate(dataSource);
    ProjectorLoop.Observer observer =
        new ProjectorLoop.Observer() {
          @Override
          public void beforeCommit(long batchNumber) {
            if (point.equals("beforeCommit") && batchNumber == crashBatch) {
              Runtime.getRuntime().halt(KILLED);
            }
          }

          @Override
          public void afterCommit(long batchNumber) {
            if (point.equals("afterCommit") && batchNumber == crashBatch) {
              Runtime.getRuntime().halt(KILLED);
            }
          }
        };
    new ProjectorLoop(kafka, dataSource, 1, new ReadModelWriter(schema, schema.recordedVersion(dataSource)), ProjectorLoop.Settings.following(maxBatch), observer).run();
  }
}

package io.statuslog.projector;

import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Generations;
import io.statuslog.schemas.kafka.KafkaSettings;

/** A `statuslog rebuild` process for kill drills. Arguments: bootstrap topicPrefix jdbcUrl user password replayBatch. */
public final class RebuildProcess {
  public static void main(String[] args) throws Exception {
    new Generations(KafkaSettings.of(args[0], args[1]), Databases.unpooled(args[2], args[3], args[4])).rebuild(Integer.parseInt(args[5]));
  }
}

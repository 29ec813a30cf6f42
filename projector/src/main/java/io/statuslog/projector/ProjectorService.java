package io.statuslog.projector;

import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.TopicAdmin;
import javax.sql.DataSource;

/** The projector role: migrates the read model, then runs the projection loop on a thread. */
public final class ProjectorService implements AutoCloseable {
  private final ProjectorLoop loop;
  private final Thread thread;

  private ProjectorService(ProjectorLoop loop) {
    this.loop = loop;
    this.thread = Thread.ofPlatform().name("projector").unstarted(loop);
  }

  public static ProjectorService start(ProjectorConfiguration config, DataSource dataSource, ProjectorLoop.Observer observer) {
    ReadModelSchema schema = new ReadModelSchema(config.readModel().schema());
    TopicAdmin.ensureTopics(config.kafka());
    schema.migrate(dataSource);
    ProjectorService service =
        new ProjectorService(
            new ProjectorLoop(config.kafka(), dataSource, new ReadModelWriter(schema), config.projector().maxBatch(), observer));
    service.thread.start();
    return service;
  }

  public void join() throws InterruptedException {
    thread.join();
  }

  @Override
  public void close() throws InterruptedException {
    loop.stop();
  }
}

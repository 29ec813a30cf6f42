package io.statuslog.projector;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector role. It keeps current every generation someone may read: the live one, any
 * caught-up one waiting for cutover, and the newest retired one (so a rollback is instant and
 * exact). It looks at the control table every few seconds and starts or stops a loop per
 * generation; each loop holds its generation's lease. A generation being rebuilt is never
 * touched here.
 */
public final class ProjectorService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectorService.class);
  private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(2);

  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private final Generations generations;
  private final int maxBatch;
  private final ProjectorLoop.Observer observer;
  private final Map<Integer, Running> running = new HashMap<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread supervisor;

  private record Running(ProjectorLoop loop, Thread thread) {}

  private ProjectorService(KafkaSettings kafka, DataSource dataSource, int maxBatch, ProjectorLoop.Observer observer) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.generations = new Generations(kafka, dataSource);
    this.maxBatch = maxBatch;
    this.observer = observer;
    this.supervisor = Thread.ofPlatform().name("projector-supervisor").unstarted(this::supervise);
  }

  public static ProjectorService start(ProjectorConfiguration config, DataSource dataSource, ProjectorLoop.Observer observer)
      throws SQLException {
    ProjectorService service = new ProjectorService(config.kafka(), dataSource, config.projector().maxBatch(), observer);
    Generation live = service.generations.ensureLive();
    LOG.info("projector started live generation={} schema={}", live.id(), live.schemaName());
    service.reconcile();
    service.supervisor.start();
    return service;
  }

  private void supervise() {
    while (!stopped.get()) {
      try {
        Thread.sleep(SUPERVISE_EVERY);
        reconcile();
      } catch (InterruptedException e) {
        return;
      } catch (SQLException | RuntimeException e) {
        LOG.warn("projector supervisor: cannot read generations, retrying: {}", e.toString());
      }
    }
  }

  private synchronized void reconcile() throws SQLException {
    if (stopped.get()) {
      return;
    }
    List<Generation> all = generations.control().all();
    OptionalInt newestRetired = all.stream().filter(g -> g.state() == State.RETIRED).mapToInt(Generation::id).max();
    Set<Integer> wanted =
        all.stream()
            .filter(g -> g.state() == State.LIVE || g.state() == State.CATCHING_UP
                || (g.state() == State.RETIRED && newestRetired.isPresent() && g.id() == newestRetired.getAsInt()))
            .map(Generation::id)
            .collect(Collectors.toSet());
    for (Generation generation : all) {
      if (wanted.contains(generation.id()) && !running.containsKey(generation.id())) {
        ReadModelSchema schema = new ReadModelSchema(generation.schemaName());
        int version = schema.recordedVersion(dataSource);
        ProjectorLoop loop =
            new ProjectorLoop(kafka, dataSource, generation.id(), new ReadModelWriter(schema, version), ProjectorLoop.Settings.following(maxBatch), observer);
        Thread thread = Thread.ofPlatform().name("projector-gen-" + generation.id()).start(loop::run);
        running.put(generation.id(), new Running(loop, thread));
        LOG.info("projecting generation={} state={} version={}", generation.id(), generation.state().dbName(), version);
      }
    }
    for (Integer id : Set.copyOf(running.keySet())) {
      if (!wanted.contains(id)) {
        stopLoop(id);
        LOG.info("stopped projecting generation={} (no longer read)", id);
      }
    }
  }

  private void stopLoop(int id) {
    Running loop = running.remove(id);
    try {
      loop.loop().stop();
      loop.thread().join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until the service is closed. */
  public void join() throws InterruptedException {
    supervisor.join();
  }

  @Override
  public synchronized void close() {
    stopped.set(true);
    supervisor.interrupt();
    Set.copyOf(running.keySet()).forEach(this::stopLoop);
  }
}

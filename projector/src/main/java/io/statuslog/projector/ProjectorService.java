package io.statuslog.projector;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.RestartBudget;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.generations.Generations;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.projector.kafka.ProjectorLoop.Outcome;
import io.statuslog.schemas.kafka.KafkaSettings;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projector role. It keeps current every generation someone may read: the live one, any
 * caught-up one waiting for cutover, and the one `rollback` goes back to (so a rollback is
 * instant and exact). It looks at the control table every few seconds and starts or stops a loop per
 * generation; each loop holds its generation's lease. A generation being rebuilt is never
 * touched here; nor is one that found records missing from the log (doctor names the gap), nor
 * one of a version newer than this code knows.
 *
 * <p>A loop thread that dies is started again on the next look; one that keeps dying fails
 * {@link #fatal()}, and the process exits non-zero rather than live on as a zombie.
 */
public final class ProjectorService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectorService.class);
  private static final Duration SUPERVISE_EVERY = Duration.ofSeconds(2);

  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private final Generations generations;
  private final int maxBatch;
  private final ProjectorLoop.Observer observer;
  private final int newestVersion;
  private final Map<Integer, Running> running = new HashMap<>();
  private final Set<Integer> warnedTooNew = new HashSet<>();
  private final RestartBudget restarts = new RestartBudget(5, Duration.ofMinutes(10));
  private final CompletableFuture<Void> fatal = new CompletableFuture<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Thread supervisor;

  private record Running(ProjectorLoop loop, Thread thread) {}

  private ProjectorService(KafkaSettings kafka, DataSource dataSource, int maxBatch, ProjectorLoop.Observer observer) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.generations = new Generations(kafka, dataSource);
    this.maxBatch = maxBatch;
    this.observer = observer;
    this.newestVersion = new ReadModelSchema("rm_probe").newestVersion(dataSource);
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

  /** Completes exceptionally when the projector cannot go on; the process should exit non-zero. */
  public CompletableFuture<Void> fatal() {
    return fatal;
  }

  private void supervise() {
    try {
      while (!stopped.get()) {
        Thread.sleep(SUPERVISE_EVERY);
        try {
          reconcile();
        } catch (SQLException | RuntimeException e) {
          LOG.warn("projector supervisor: cannot read generations, retrying: {}", e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) {
      LOG.error("projector supervisor died", e);
      fatal.completeExceptionally(e);
    }
  }

  private synchronized void reconcile() throws SQLException {
    if (stopped.get()) {
      return;
    }
    forgetDeadLoops();
    List<Generation> all = generations.control().all();
    Set<Integer> wanted = Generation.keptCurrent(all, generations.control().lostRecords().keySet());
    for (Generation generation : all) {
      if (wanted.contains(generation.id()) && !running.containsKey(generation.id())) {
        ReadModelSchema schema = new ReadModelSchema(generation.schemaName());
        int version = schema.recordedVersion(dataSource);
        if (version > newestVersion) {
          if (warnedTooNew.add(generation.id())) {
            LOG.warn("generation={} is at version {}, newer than this code knows (1..{}); this projector will not write it. Run the newer projector, or `statuslog rebuild` then `statuslog cutover` with this one",
                generation.id(), version, newestVersion);
          }
          continue;
        }
        start(generation, version);
      }
    }
    for (Integer id : Set.copyOf(running.keySet())) {
      if (!wanted.contains(id)) {
        stopLoop(id);
        LOG.info("stopped projecting generation={} (no longer read)", id);
      }
    }
  }

  private void start(Generation generation, int version) {
    ReadModelSchema schema = new ReadModelSchema(generation.schemaName());
    ProjectorLoop loop =
        new ProjectorLoop(kafka, dataSource, generation.id(), new ReadModelWriter(schema, version), ProjectorLoop.Settings.following(maxBatch), observer);
    Thread thread = Thread.ofPlatform().name("projector-gen-" + generation.id()).start(() -> follow(generation.id(), loop));
    running.put(generation.id(), new Running(loop, thread));
    LOG.info("projecting generation={} state={} version={}", generation.id(), generation.state().dbName(), version);
  }

  /** A loop thread's body: it ends when stopped, when records are found lost, or when it dies. */
  private void follow(int generationId, ProjectorLoop loop) {
    try {
      if (loop.run() instanceof Outcome.RecordsLost lost) {
        generations.control().recordLost(generationId, lost.gaps());
        LOG.error("generation={} is projected no further: records it needs were deleted from the log ({}); `statuslog doctor` names them, "
            + "`statuslog rebuild` then `statuslog cutover` build a generation from what the log still holds", generationId, lost.gaps());
      }
    } catch (Throwable e) {
      LOG.error("projector thread died generation={}; it is started again", generationId, e);
      if (!restarts.died(Clock.systemUTC().instant())) {
        fatal.completeExceptionally(new IllegalStateException("projector thread of generation " + generationId + " keeps dying: " + e, e));
      }
    }
  }

  /** Loops whose thread ended without being stopped are forgotten, so the next look starts them again. */
  private void forgetDeadLoops() {
    running.entrySet().removeIf(entry -> !entry.getValue().thread().isAlive());
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

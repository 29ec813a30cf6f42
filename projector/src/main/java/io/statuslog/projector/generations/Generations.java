package io.statuslog.projector.generations;

import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.catalog.Catalog;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.ControlDao;
import io.statuslog.projector.db.Lease;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelWriter;
import io.statuslog.projector.kafka.ProjectorLoop;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.KafkaUnreachableException;
import io.statuslog.schemas.kafka.TopicAdmin;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of read model generations: create the first, rebuild a new one beside the
 * live one, cut over, roll back, and measure how far each is behind the log.
 */
public final class Generations {
  private static final Logger LOG = LoggerFactory.getLogger(Generations.class);
  /** Lease id that serialises rebuilds: only one builds at a time. */
  private static final int REBUILD_LEASE = 0;

  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private final ControlDao control;

  public Generations(KafkaSettings kafka, DataSource dataSource) {
    this.kafka = kafka;
    this.dataSource = dataSource;
    this.control = new ControlDao(dataSource);
  }

  public ControlDao control() {
    return control;
  }

  /**
   * Makes sure there is a live generation: the first start creates generation 1 (adopting an
   * existing {@code rm_1}), and the live one gets the migrations it can take in place.
   */
  public Generation ensureLive() throws SQLException {
    TopicAdmin.ensureTopics(kafka);
    control.migrate();
    if (control.all().isEmpty()) {
      migrateLive(new ReadModelSchema(Generation.schemaFor(1)));
      control.upsert(1, State.BUILDING, CodeVersion.current());
      control.makeLive(1);
      LOG.info("generation 1 created and live");
    }
    Generation live = control.live().orElseThrow(() -> new IllegalStateException("no live generation; run `statuslog cutover --to N`"));
    migrateLive(new ReadModelSchema(live.schemaName()));
    return live;
  }

  /** An empty schema gets every migration; one holding data only those it can take in place. */
  private void migrateLive(ReadModelSchema schema) {
    if (schema.recordedVersion(dataSource) == 0) {
      schema.migrate(dataSource);
    } else {
      schema.migrateInPlace(dataSource);
    }
  }

  /**
   * Builds generation n+1 from offset 0 beside the live one, with large batches, and returns
   * once it has caught up with the log; the running projector keeps it current from then on.
   * A killed rebuild leaves the live generation untouched; the next rebuild drops what it left.
   */
  public Generation rebuild(int replayBatch) throws SQLException {
    TopicAdmin.ensureTopics(kafka);
    control.migrate();
    try (Lease rebuildLease = Lease.tryAcquire(dataSource, REBUILD_LEASE)
        .orElseThrow(() -> new IllegalStateException("another rebuild is running"))) {
      List<Generation> all = control.all();
      for (Generation abandoned : all) {
        if (abandoned.state() == State.BUILDING || abandoned.state() == State.FAILED) {
          dropSchema(abandoned.schemaName());
          control.setState(abandoned.id(), State.FAILED, "abandoned build cleaned up by rebuild");
          LOG.info("cleaned up abandoned generation={} schema={}", abandoned.id(), abandoned.schemaName());
        }
      }
      int id = nextId(all);
      ReadModelSchema schema = new ReadModelSchema(Generation.schemaFor(id));
      dropSchema(schema.name());
      control.upsert(id, State.BUILDING, CodeVersion.current());
      int version = schema.migrate(dataSource);
      LOG.info("rebuild started generation={} schema={} version={}", id, schema.name(), version);
      long started = System.nanoTime();
      ProjectorLoop replay =
          new ProjectorLoop(kafka, dataSource, id, new ReadModelWriter(schema, version), ProjectorLoop.Settings.replaying(replayBatch), ProjectorLoop.Observer.NONE);
      switch (replay.runUntilCaughtUp()) {
        case ProjectorLoop.Outcome.CaughtUp caughtUp -> {}
        case ProjectorLoop.Outcome.Stopped stopped -> throw new IllegalStateException("rebuild of generation " + id + " stopped before catching up");
        case ProjectorLoop.Outcome.RecordsLost lost -> throw new IllegalStateException(
            "rebuild of generation " + id + " stopped: records were deleted from the log while it read them (" + lost.gaps() + "); check the topics' retention with `statuslog doctor` and rebuild again");
      }
      control.setState(id, State.CATCHING_UP, null);
      LOG.info("rebuild caught up generation={} seconds={}", id, (System.nanoTime() - started) / 1_000_000_000L);
      return control.find(id).orElseThrow();
    }
  }

  /** Reuses the id of a failed build at the top, so a retry rebuilds n+1 rather than n+2. */
  private static int nextId(List<Generation> all) {
    int top = all.stream().mapToInt(Generation::id).max().orElse(0);
    boolean topAbandoned = all.stream().anyMatch(g -> g.id() == top && (g.state() == State.FAILED || g.state() == State.BUILDING));
    return topAbandoned ? top : top + 1;
  }

  /** Makes {@code target} (default: the newest caught-up generation) live, if it is no further behind than {@code maxLag}. */
  public Generation cutover(Optional<Integer> target, long maxLag) throws SQLException {
    control.migrate();
    List<Generation> all = control.all();
    Generation to =
        target
            .map(id -> all.stream().filter(g -> g.id() == id).findFirst().orElseThrow(() -> new IllegalArgumentException("generation " + id + " does not exist")))
            .orElseGet(() -> all.stream().filter(g -> g.state() == State.CATCHING_UP).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no caught-up generation to cut over to; run `statuslog rebuild` first")));
    if (to.state() == State.LIVE) {
      throw new IllegalStateException("generation " + to.id() + " is already live");
    }
    if (to.state() != State.CATCHING_UP && to.state() != State.RETIRED) {
      throw new IllegalStateException("generation " + to.id() + " is " + to.state().dbName() + "; only a caught-up or retired generation can go live");
    }
    requireCatalogMatches(to);
    long lag = totalLag(to);
    if (lag > maxLag) {
      throw new IllegalStateException("generation " + to.id() + " is " + lag + " records behind the log (limit " + maxLag + "); wait for the projector or raise --max-lag");
    }
    control.makeLive(to.id());
    LOG.info("cutover generation={} lag={}", to.id(), lag);
    return control.find(to.id()).orElseThrow();
  }

  /**
   * Refuses to make live a generation whose tables or indexes are not those of the version its
   * history records (doctor's FAIL on a live one): its pages would be wrong or slow. A generation
   * at a version this binary does not know is not judged here.
   */
  private void requireCatalogMatches(Generation to) throws SQLException {
    int version = new ReadModelSchema(to.schemaName()).recordedVersion(dataSource);
    Optional<Catalog> expected = ExpectedCatalogs.bundled().at(version);
    if (expected.isPresent()) {
      List<String> differences = CatalogDiff.between(expected.get(), CatalogReader.read(dataSource, to.schemaName()));
      if (!differences.isEmpty()) {
        throw new IllegalStateException("generation " + to.id() + " records version " + version + ", but " + String.join("; ", differences)
            + "; it is not made live. Build a sound one with `statuslog rebuild`, then `statuslog cutover`");
      }
    }
  }

  /** Makes the generation that was live before the current one live again. */
  public Generation rollback(long maxLag) throws SQLException {
    Generation live = control.live().orElseThrow(() -> new IllegalStateException("no live generation"));
    int previous = live.previousLive().orElseThrow(() -> new IllegalStateException("generation " + live.id() + " is the first to have been live: there is nothing to roll back to"));
    return cutover(Optional.of(previous), maxLag);
  }

  /**
   * Records not yet projected into a generation, per partition of every projected topic. A
   * generation stores the consumer's position, which passes transaction markers too, so an
   * idle, caught-up generation has lag 0.
   */
  public Map<LogPartition, Long> lag(Generation generation) throws SQLException {
    Map<LogPartition, Long> stored = storedOffsets(generation);
    Map<LogPartition, Long> lag = new TreeMap<>(java.util.Comparator.comparing(LogPartition::toString));
    Properties props = kafka.clientProperties("statuslog-lag");
    // The end of what a projector can read: records of open transactions do not count yet.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KafkaUnreachableException.TIMEOUT.toMillis());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (var topic : kafka.topics().projected()) {
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.endOffsets(partitions).forEach((tp, end) -> {
          LogPartition partition = new LogPartition(tp.topic(), tp.partition());
          lag.put(partition, end - stored.getOrDefault(partition, 0L));
        });
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new KafkaUnreachableException(kafka, e);
    }
    return lag;
  }

  public long totalLag(Generation generation) throws SQLException {
    return lag(generation).values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<LogPartition, Long> storedOffsets(Generation generation) throws SQLException {
    Map<LogPartition, Long> stored = new HashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT topic, partition, next_offset FROM " + generation.schemaName() + ".consumed_offsets")) {
      while (rows.next()) {
        stored.put(new LogPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState()) && !"3F000".equals(e.getSQLState())) {
        throw e;
      }
    }
    return stored;
  }

  /** Exact row counts of the tables the status page depends on. */
  public Map<String, Long> rowCounts(Generation generation) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (String table : List.of("checks", "check_status", "rollup_minute", "rollup_day", "incidents")) {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + generation.schemaName() + "." + table)) {
          row.next();
          counts.put(table, row.getLong(1));
        } catch (SQLException e) {
          counts.put(table, -1L); // not in this version, or missing
        }
      }
    }
    return counts;
  }

  private void dropSchema(String schema) throws SQLException {
    new ReadModelSchema(schema); // validates the name before it is spliced into DDL
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}

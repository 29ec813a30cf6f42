package io.statuslog.projector.generations;

import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Diagnosis.Finding;
import io.statuslog.projector.core.Diagnosis.Level;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.Lag;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.LostRecords;
import io.statuslog.projector.core.catalog.Catalog;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.Lease;
import io.statuslog.projector.db.ControlDao;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.projector.db.ReadModelSchema.UnknownMigration;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks everything the promise rests on and names what is wrong: Kafka and PostgreSQL answer,
 * the topics keep every record, exactly one generation is live, each generation's real catalog
 * is the one its recorded migration version must have, no migration is recorded as failed, and
 * how far each generation is behind the log. It only reads, and every wait is bounded by
 * {@link #TIMEOUT}, so it answers even when a service does not.
 */
public final class Doctor {
  /** How long doctor waits for Kafka or PostgreSQL to answer before it says it cannot reach them. */
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final long LAG_WARNING = 10_000;
  /**
   * Not zero: a zero timeout makes Admin.close wait for its thread without a bound. Short: with
   * Kafka unreachable, the call that timed out is still pending and close waits this long for it.
   */
  private static final Duration ADMIN_CLOSE = Duration.ofMillis(100);

  private final KafkaSettings kafka;
  private final String jdbcUrl;
  private final DataSource dataSource;
  private final Generations generations;
  private final ExpectedCatalogs expected;

  /** Doctor connects on its own, read-only: it reports and never changes what it examines. */
  public Doctor(KafkaSettings kafka, String jdbcUrl, String user, String password, ExpectedCatalogs expected) {
    this.kafka = kafka;
    this.jdbcUrl = jdbcUrl;
    this.dataSource = Databases.readOnly(jdbcUrl, user, password, TIMEOUT);
    this.generations = new Generations(kafka, dataSource);
    this.expected = expected;
  }

  public Diagnosis examine() {
    List<Finding> findings = new ArrayList<>();
    // PostgreSQL is tried while Kafka is: when neither answers, doctor waits one timeout, not two.
    CompletableFuture<Finding> postgresql = CompletableFuture.supplyAsync(this::connect);
    Optional<Map<LogPartition, Long>> endOffsets = checkKafka(findings);
    Finding connected = postgresql.join();
    findings.add(connected);
    if (connected.level() == Level.OK) {
      checkGenerations(endOffsets, findings);
    }
    return new Diagnosis(findings);
  }

  private Finding connect() {
    String where = jdbcUrl.split("\\?", 2)[0]; // the query string may carry a password
    try (Connection connection = dataSource.getConnection()) {
      return new Finding(Level.OK, "postgresql", "connected to " + where);
    } catch (SQLException e) {
      return new Finding(Level.FAIL, "postgresql", "cannot connect to " + where + why(e));
    }
  }

  /** Kafka's findings, and the end offset of every projected partition when Kafka answered. */
  private Optional<Map<LogPartition, Long>> checkKafka(List<Finding> findings) {
    Admin admin = Admin.create(adminProperties());
    try {
      await(admin.describeCluster().clusterId());
      findings.add(new Finding(Level.OK, "kafka", "reached " + kafka.bootstrapServers()));
      Set<String> present = checkTopics(admin, findings);
      return Optional.of(checkOffsets(admin, present, findings));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      findings.add(new Finding(Level.FAIL, "kafka", "interrupted"));
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      findings.add(new Finding(Level.FAIL, "kafka", "cannot reach " + kafka.bootstrapServers() + why(e)));
    } finally {
      // Admin.close() waits for the client's I/O thread without a bound; against a port that
      // accepts and never answers it once waited over two minutes. Doctor has its answers by now.
      admin.close(ADMIN_CLOSE);
    }
    return Optional.empty();
  }

  private Properties adminProperties() {
    Properties props = kafka.clientProperties("statuslog-doctor");
    // Set after the configured client properties: whatever else is configured, doctor answers.
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
    return props;
  }

  private static <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** " within 5 s" when Kafka's client gave up waiting, else what the service (or its client) said. */
  private static String why(Exception e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root instanceof TimeoutException || root instanceof org.apache.kafka.common.errors.TimeoutException
        ? " within " + TIMEOUT.toSeconds() + " s"
        : ": " + firstLine(root.getMessage());
  }

  /** One finding per topic about its retention; returns the topics that exist. */
  private Set<String> checkTopics(Admin admin, List<Finding> findings) throws InterruptedException, TimeoutException {
    List<Topic<String, ?>> topics = kafka.topics().all();
    Map<ConfigResource, KafkaFuture<Config>> configs =
        admin.describeConfigs(topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList()).values();
    Set<String> present = new HashSet<>();
    for (Topic<String, ?> topic : topics) {
      try {
        Config config = await(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name())));
        present.add(topic.name());
        findings.add(retention(topic, config));
      } catch (ExecutionException e) {
        findings.add(new Finding(Level.FAIL, "topic " + topic.name(), e.getCause() instanceof UnknownTopicOrPartitionException
            ? "does not exist; every role creates its topics when it starts, so is kafka.topicPrefix (\"" + kafka.topicPrefix() + "\") the one the roles use?"
            : "cannot be described: " + firstLine(String.valueOf(e.getCause().getMessage()))));
      }
    }
    return present;
  }

  private static Finding retention(Topic<String, ?> topic, Config config) {
    String subject = "topic " + topic.name();
    String cleanup = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (topic.configs().containsKey(TopicConfig.CLEANUP_POLICY_CONFIG)) {
      return cleanup.contains("compact") && !cleanup.contains("delete")
          ? new Finding(Level.OK, subject, "compacted")
          : new Finding(Level.FAIL, subject, "cleanup.policy=" + cleanup + ": its records can be deleted by age; set cleanup.policy=compact");
    }
    String retentionMs = config.get(TopicConfig.RETENTION_MS_CONFIG).value();
    String retentionBytes = config.get(TopicConfig.RETENTION_BYTES_CONFIG).value();
    if (!"-1".equals(retentionMs) || !"-1".equals(retentionBytes) || cleanup.contains("compact")) {
      return new Finding(Level.FAIL, subject,
          "retention.ms=" + retentionMs + " retention.bytes=" + retentionBytes + " cleanup.policy=" + cleanup
              + ": the broker will delete records a rebuild needs; set retention.ms=-1 and retention.bytes=-1");
    }
    return new Finding(Level.OK, subject, "keeps every record");
  }

  /**
   * Counts the records set aside on the dead-letter topic, and returns the end offset of every
   * partition of the projected topics, from which each generation's lag is measured.
   */
  private Map<LogPartition, Long> checkOffsets(Admin admin, Set<String> present, List<Finding> findings)
      throws InterruptedException, ExecutionException, TimeoutException {
    String deadLetters = kafka.topics().deadLetters().name();
    Set<String> projected = kafka.topics().projected().stream().map(Topic::name).filter(present::contains).collect(Collectors.toSet());
    List<String> measured = new ArrayList<>(projected);
    if (present.contains(deadLetters)) {
      measured.add(deadLetters);
    }
    List<TopicPartition> partitions = await(admin.describeTopics(measured).allTopicNames()).values().stream()
        .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
        .toList();
    Map<TopicPartition, ListOffsetsResultInfo> latest = await(admin.listOffsets(spec(partitions, OffsetSpec.latest())).all());
    if (present.contains(deadLetters)) {
      List<TopicPartition> letters = partitions.stream().filter(tp -> tp.topic().equals(deadLetters)).toList();
      long earliest = sum(await(admin.listOffsets(spec(letters, OffsetSpec.earliest())).all()).values());
      long count = sum(letters.stream().map(latest::get).toList()) - earliest;
      findings.add(count == 0
          ? new Finding(Level.OK, "topic " + deadLetters, "no undecodable records")
          : new Finding(Level.WARN, "topic " + deadLetters, count + " undecodable record(s) set aside (each generation sets its own copy aside;"
              + " headers name the source topic, partition, offset and reason). The read model skipped them; fix the writer, then replay them if they matter"));
    }
    return latest.entrySet().stream()
        .filter(entry -> projected.contains(entry.getKey().topic()))
        .collect(Collectors.toMap(entry -> new LogPartition(entry.getKey().topic(), entry.getKey().partition()), entry -> entry.getValue().offset()));
  }

  private static Map<TopicPartition, OffsetSpec> spec(List<TopicPartition> partitions, OffsetSpec spec) {
    return partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> spec));
  }

  private static long sum(Collection<ListOffsetsResultInfo> offsets) {
    return offsets.stream().mapToLong(ListOffsetsResultInfo::offset).sum();
  }

  private void checkGenerations(Optional<Map<LogPartition, Long>> endOffsets, List<Finding> findings) {
    try {
      if (!generations.control().exists()) {
        findings.add(new Finding(Level.FAIL, "generations", "none yet (no " + ControlDao.SCHEMA + " schema): the projector creates generation 1 on its first start"));
        return;
      }
      List<Generation> all = generations.control().all();
      long live = all.stream().filter(g -> g.state() == State.LIVE).count();
      if (live != 1) {
        findings.add(new Finding(Level.FAIL, "generations", live == 0 ? "no generation is live: run `statuslog cutover --to N`" : live + " generations are live"));
      }
      Map<Integer, Integer> versions = new HashMap<>();
      for (Generation generation : all) {
        if (generation.state() != State.FAILED) {
          versions.put(generation.id(), new ReadModelSchema(generation.schemaName()).recordedVersion(dataSource));
        }
      }
      Optional<Generation> readableInstead = readableInstead(all, versions);
      Map<Integer, List<LostRecords.Gap>> lost = generations.control().lostRecords();
      for (Generation generation : all) {
        if (generation.state() != State.FAILED) {
          checkGeneration(generation, versions.get(generation.id()), readableInstead, endOffsets, findings);
          if (generation.state() == State.BUILDING && !Lease.isHeld(dataSource, generation.id())) {
            findings.add(new Finding(Level.WARN, describe(generation),
                "no rebuild is building it (one was stopped or killed); nothing reads it, and the next `statuslog rebuild` drops it and starts over"));
          }
          if (lost.containsKey(generation.id())) {
            findings.add(lostRecords(generation, lost.get(generation.id())));
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      findings.add(new Finding(Level.FAIL, "postgresql", "cannot read the read model: " + firstLine(e.getMessage())));
    }
  }

  /** Records deleted from the log before the generation read them: it stopped where it was, and nothing brings them back. */
  private static Finding lostRecords(Generation generation, List<LostRecords.Gap> gaps) {
    long count = gaps.stream().mapToLong(LostRecords.Gap::count).sum();
    return new Finding(generation.state() == State.RETIRED ? Level.WARN : Level.FAIL, describe(generation),
        count + " record(s) were deleted from the log before it read them (" + gaps.stream().map(Object::toString).collect(Collectors.joining(", "))
            + "); it is projected no further. Set retention.ms=-1 on the topic, then `statuslog rebuild` and `statuslog cutover` build a generation"
            + " from what the log still holds; the deleted records are gone");
  }

  /**
   * The generation a web tier of this version reads when the live one is too new for it: the
   * newest caught-up or retired one whose version it knows (GenerationLocator's rule).
   */
  private Optional<Generation> readableInstead(List<Generation> all, Map<Integer, Integer> versions) {
    return all.stream()
        .filter(g -> g.state() == State.CATCHING_UP || g.state() == State.RETIRED)
        .filter(g -> expected.at(versions.get(g.id())).isPresent())
        .max(Comparator.comparingInt(Generation::id));
  }

  private void checkGeneration(
      Generation generation, int recorded, Optional<Generation> readableInstead, Optional<Map<LogPartition, Long>> endOffsets, List<Finding> findings)
      throws SQLException {
    String subject = describe(generation);
    // A retired generation that drifted matters less than the one being read.
    Level drift = generation.state() == State.RETIRED ? Level.WARN : Level.FAIL;
    ReadModelSchema schema = new ReadModelSchema(generation.schemaName());
    Optional<UnknownMigration> unknown = schema.firstUnknownMigration(dataSource);
    List<String> failed = schema.failedMigrations(dataSource);
    if (!failed.isEmpty()) {
      findings.add(new Finding(drift, subject, "migration(s) recorded as failed (dirty): " + String.join(", ", failed)
          + "; the live data is not affected if another generation is live; `statuslog rebuild` builds a clean one"));
    }
    if (recorded == 0) {
      findings.add(new Finding(drift, subject, "has no migration history; it was never migrated or its schema is gone"));
    } else if (unknown.isPresent()) {
      findings.add(new Finding(Level.WARN, subject, tooNew(generation, recorded, unknown.get(), readableInstead)));
    } else {
      Catalog expectedCatalog = expected.at(recorded)
          .orElseThrow(() -> new IllegalStateException("this build has no expected catalog for version " + recorded + "; the build generates one per migration"));
      List<String> differences = CatalogDiff.between(expectedCatalog, CatalogReader.read(dataSource, generation.schemaName()));
      if (differences.isEmpty()) {
        findings.add(new Finding(Level.OK, subject, "version " + recorded + ", catalog matches"));
      } else {
        findings.add(new Finding(drift, subject, "records version " + recorded + ", but " + String.join("; ", differences)
            + ". Recover with `statuslog rebuild` then `statuslog cutover`; no backup is needed"));
      }
    }
    List<String> pending = schema.pendingMigrations(dataSource);
    List<String> rebuilds = schema.pendingRebuilds(dataSource);
    if (!pending.isEmpty() && generation.state() == State.LIVE) {
      findings.add(new Finding(Level.WARN, subject, rebuilds.isEmpty()
          ? "pending migration(s) " + String.join(", ", pending) + " not applied; the projector applies them in place (one transaction each) when it starts"
          : "pending migration(s) " + String.join(", ", rebuilds) + " need a new generation: run `statuslog rebuild`"));
    }
    // Without Kafka there is no lag to measure; the kafka line above already says why.
    if (generation.state() != State.RETIRED && endOffsets.isPresent()) {
      findings.add(lag(subject, generations.storedOffsets(generation), endOffsets.get()));
    }
  }

  /**
   * Says plainly what a version this binary does not know means: it can neither verify nor
   * serve the generation, what a web tier of this version shows instead, and the two ways out.
   * The web tier stops reading the generation when it next looks at its version after the
   * first unknown migration was installed, so its data is as of about then.
   */
  private String tooNew(Generation generation, int recorded, UnknownMigration first, Optional<Generation> readableInstead) {
    String what = "records version " + recorded + ", newer than this binary knows (up to " + expected.newestVersion() + "): V" + first.version()
        + " \"" + first.description() + "\" was installed at " + first.installedOn().truncatedTo(ChronoUnit.SECONDS) + ". ";
    String newerDoctor = "run `statuslog doctor` from the binary that ships V" + first.version();
    if (generation.state() != State.LIVE) {
      return what + "This binary cannot verify it: " + newerDoctor;
    }
    String served = readableInstead.map(instead -> describe(instead) + " instead").orElse("its last snapshot, data as of about then");
    return what + "This binary cannot verify or serve it: a web tier of this version serves " + served + ", stale with a banner. "
        + "Either " + newerDoctor + ", or run `statuslog rebuild` then `statuslog cutover` with this binary";
  }

  private static String describe(Generation generation) {
    return "generation " + generation.id() + " (" + generation.schemaName() + ", " + generation.state().dbName() + ")";
  }

  private static Finding lag(String subject, Map<LogPartition, Long> stored, Map<LogPartition, Long> endOffsets) {
    Lag lag = Lag.between(endOffsets, stored);
    String behind = lag.partitionsBehind();
    return new Finding(lag.total() > LAG_WARNING ? Level.WARN : Level.OK, subject,
        "lag " + lag.total() + " records" + (behind.isEmpty() ? "" : " (" + behind + ")"));
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}

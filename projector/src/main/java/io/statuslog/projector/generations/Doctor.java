package io.statuslog.projector.generations;

import io.statuslog.projector.core.Diagnosis;
import io.statuslog.projector.core.Diagnosis.Finding;
import io.statuslog.projector.core.Diagnosis.Level;
import io.statuslog.projector.core.Generation;
import io.statuslog.projector.core.Generation.State;
import io.statuslog.projector.core.LogPartition;
import io.statuslog.projector.core.catalog.CatalogDiff;
import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.CatalogReader;
import io.statuslog.projector.db.ControlDao;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.db.ReadModelSchema;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.Topic;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Checks everything the promise rests on and names what is wrong: the topics keep every
 * record, exactly one generation is live, each generation's real catalog is the one its
 * recorded migration version must have, no migration is recorded as failed, and how far each
 * generation is behind the log.
 */
public final class Doctor {
  private static final long LAG_WARNING = 10_000;

  private final KafkaSettings kafka;
  private final DataSource dataSource;
  private final Generations generations;
  private final ExpectedCatalogs expected;

  /** Doctor connects on its own, read-only: it reports and never changes what it examines. */
  public Doctor(KafkaSettings kafka, String jdbcUrl, String user, String password, ExpectedCatalogs expected) {
    this.kafka = kafka;
    this.dataSource = Databases.readOnly(jdbcUrl, user, password);
    this.generations = new Generations(kafka, dataSource);
    this.expected = expected;
  }

  public Diagnosis examine() {
    List<Finding> findings = new ArrayList<>();
    checkTopics(findings);
    try {
      if (!generations.control().exists()) {
        findings.add(new Finding(Level.FAIL, "generations", "none yet (no " + ControlDao.SCHEMA + " schema): the projector creates generation 1 on its first start"));
        return new Diagnosis(findings);
      }
      List<Generation> all = generations.control().all();
      long live = all.stream().filter(g -> g.state() == State.LIVE).count();
      if (live != 1) {
        findings.add(new Finding(Level.FAIL, "generations", live == 0 ? "no generation is live: run `statuslog cutover --to N`" : live + " generations are live"));
      }
      for (Generation generation : all) {
        if (generation.state() != State.FAILED) {
          checkGeneration(generation, findings);
        }
      }
    } catch (SQLException | RuntimeException e) {
      findings.add(new Finding(Level.FAIL, "database", "cannot read the read model: " + e.getMessage()));
    }
    return new Diagnosis(findings);
  }

  private void checkGeneration(Generation generation, List<Finding> findings) throws SQLException {
    String subject = "generation " + generation.id() + " (" + generation.schemaName() + ", " + generation.state().dbName() + ")";
    // A retired generation that drifted matters less than the one being read.
    Level drift = generation.state() == State.RETIRED ? Level.WARN : Level.FAIL;
    ReadModelSchema schema = new ReadModelSchema(generation.schemaName());
    int recorded = schema.recordedVersion(dataSource);
    List<String> failed = schema.failedMigrations(dataSource);
    if (!failed.isEmpty()) {
      findings.add(new Finding(drift, subject, "migration(s) recorded as failed (dirty): " + String.join(", ", failed)
          + "; the live data is not affected if another generation is live; `statuslog rebuild` builds a clean one"));
    }
    var expectedCatalog = expected.at(recorded);
    if (recorded == 0) {
      findings.add(new Finding(drift, subject, "has no migration history; it was never migrated or its schema is gone"));
    } else if (expectedCatalog.isEmpty()) {
      findings.add(new Finding(Level.WARN, subject, "records version " + recorded + ", newer than this code knows; run doctor from the newer version"));
    } else {
      List<String> differences = CatalogDiff.between(expectedCatalog.get(), CatalogReader.read(dataSource, generation.schemaName()));
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
    if (generation.state() != State.RETIRED) {
      Map<LogPartition, Long> lag = generations.lag(generation);
      long total = lag.values().stream().mapToLong(Long::longValue).sum();
      StringBuilder perPartition = new StringBuilder();
      lag.forEach((partition, behind) -> {
        if (behind > 0) perPartition.append(' ').append(partition).append('=').append(behind);
      });
      findings.add(new Finding(total > LAG_WARNING ? Level.WARN : Level.OK, subject,
          "lag " + total + " records" + (perPartition.isEmpty() ? "" : " (" + perPartition.toString().trim() + ")")));
    }
  }

  private void checkDeadLetters(Admin admin, List<Finding> findings) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    String name = kafka.topics().deadLetters().name();
    var partitions = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions().stream()
        .map(p -> new org.apache.kafka.common.TopicPartition(name, p.partition())).toList();
    long earliest = sum(admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.earliest()))).all().get(30, TimeUnit.SECONDS));
    long latest = sum(admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS));
    long count = latest - earliest;
    findings.add(count == 0
        ? new Finding(Level.OK, "topic " + name, "no undecodable records")
        : new Finding(Level.WARN, "topic " + name, count + " undecodable record(s) set aside (each generation sets its own copy aside;"
            + " headers name the source topic, partition, offset and reason). The read model skipped them; fix the writer, then replay them if they matter"));
  }

  private static long sum(java.util.Map<?, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> offsets) {
    return offsets.values().stream().mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
  }

  private void checkTopics(List<Finding> findings) {
    try (Admin admin = Admin.create(kafka.clientProperties("statuslog-doctor"))) {
      for (Topic<String, ?> topic : kafka.topics().all()) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        Config config;
        try {
          config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        } catch (ExecutionException e) {
          findings.add(new Finding(Level.FAIL, "topic " + topic.name(), "cannot be described: " + e.getCause().getMessage()));
          continue;
        }
        String cleanup = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        boolean compacted = topic.configs().containsKey(TopicConfig.CLEANUP_POLICY_CONFIG);
        if (compacted) {
          findings.add(cleanup.contains("compact") && !cleanup.contains("delete")
              ? new Finding(Level.OK, "topic " + topic.name(), "compacted")
              : new Finding(Level.FAIL, "topic " + topic.name(), "cleanup.policy=" + cleanup + ": definitions can be deleted by age; set cleanup.policy=compact"));
          continue;
        }
        String retentionMs = config.get(TopicConfig.RETENTION_MS_CONFIG).value();
        String retentionBytes = config.get(TopicConfig.RETENTION_BYTES_CONFIG).value();
        if (!"-1".equals(retentionMs) || !"-1".equals(retentionBytes) || cleanup.contains("compact")) {
          findings.add(new Finding(Level.FAIL, "topic " + topic.name(),
              "retention.ms=" + retentionMs + " retention.bytes=" + retentionBytes + " cleanup.policy=" + cleanup
                  + ": the broker will delete records a rebuild needs; set retention.ms=-1 and retention.bytes=-1"));
        } else {
          findings.add(new Finding(Level.OK, "topic " + topic.name(), "keeps every record"));
        }
      }
      checkDeadLetters(admin, findings);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      findings.add(new Finding(Level.FAIL, "kafka", "interrupted"));
    } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
      findings.add(new Finding(Level.FAIL, "kafka", "cannot reach " + kafka.bootstrapServers() + ": " + e.getMessage()));
    }
  }
}

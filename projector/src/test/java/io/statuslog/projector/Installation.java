package io.statuslog.projector;

import io.statuslog.projector.core.catalog.ExpectedCatalogs;
import io.statuslog.projector.db.Databases;
import io.statuslog.projector.generations.Doctor;
import io.statuslog.schemas.kafka.KafkaSettings;
import io.statuslog.schemas.kafka.TopicAdmin;
import io.statuslog.testkit.RealServices;
import io.statuslog.testkit.TestDatabase;
import javax.sql.DataSource;

/** Where each projector drill starts: its own topics, created, and its own empty database. */
record Installation(KafkaSettings kafka, TestDatabase database, DataSource dataSource) {
  static Installation fresh(RealServices services) {
    KafkaSettings kafka = services.newKafka();
    TopicAdmin.ensureTopics(kafka);
    TestDatabase database = services.newDatabase();
    return new Installation(kafka, database, Databases.unpooled(database.jdbcUrl(), database.user(), database.password()));
  }

  /** Doctor as the command builds it: its own read-only connections to this installation. */
  Doctor doctor() {
    return new Doctor(kafka, database.jdbcUrl(), database.user(), database.password(), ExpectedCatalogs.bundled());
  }
}

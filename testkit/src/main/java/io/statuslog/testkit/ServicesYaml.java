package io.statuslog.testkit;

import io.statuslog.schemas.kafka.KafkaSettings;

/** The {@code kafka:} and {@code database:} blocks of a statuslog.yml that points at the test's real services. */
public final class ServicesYaml {
  private ServicesYaml() {}

  public static String of(KafkaSettings kafka, TestDatabase database) {
    return """
        kafka:
          bootstrapServers: %s
          topicPrefix: %s
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
        """.formatted(kafka.bootstrapServers(), kafka.topicPrefix(), database.jdbcUrl(), database.user(), database.password());
  }
}

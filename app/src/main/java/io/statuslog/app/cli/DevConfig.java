package io.statuslog.app.cli;

import java.nio.file.Path;

/** The configuration file dev mode writes: the same format every role takes with -c. */
final class DevConfig {
  private DevConfig() {}

  static String yaml(String bootstrap, String jdbcUrl, String user, Path dataDir, int httpPort) {
    return """
        # Written by `statuslog dev`: points at the embedded Kafka and PostgreSQL it started.
        # Listens on this machine only: the admin token and the demo push token are the same everywhere.
        kafka:
          bootstrapServers: %s
          topicPrefix: statuslog
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: ""
        checker:
          region: local
          spoolDir: %s
        web:
          snapshotFile: %s
          adminToken: dev-admin-token
        server:
          applicationConnectors:
            - type: http
              port: %d
              bindHost: 127.0.0.1
          adminConnectors:
            - type: http
              port: %d
              bindHost: 127.0.0.1
        ingest:
          server:
            applicationConnectors:
              - type: http
                port: %d
                bindHost: 127.0.0.1
            adminConnectors:
              - type: http
                port: %d
                bindHost: 127.0.0.1
        logging:
          level: INFO
          # The format the roles log in before the web role takes over logging: one format per run.
          appenders:
            - type: console
              logFormat: "%%d{yyyy-MM-dd'T'HH:mm:ss.SSSX, UTC} %%-5level [%%thread] %%logger{30} - %%msg%%n"
          loggers:
            org.apache.kafka: WARN
            # Reconnect warnings, several a second while a broker is down; the roles log outages themselves.
            org.apache.kafka.clients.NetworkClient: ERROR
            kafka: WARN
            # The embedded broker's line per partition and state change.
            state.change.logger: WARN
            org.flywaydb: WARN
            io.zonky: WARN
            org.eclipse.jetty: WARN
        """
        .formatted(bootstrap, jdbcUrl, user, dataDir.resolve("spool"), dataDir.resolve("web-snapshot.json"), httpPort, httpPort + 1,
            httpPort + 2, httpPort + 3);
  }
}

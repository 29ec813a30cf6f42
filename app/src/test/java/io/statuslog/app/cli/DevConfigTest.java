package io.statuslog.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.CheckerConfiguration;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.projector.ProjectorConfiguration;
import io.statuslog.web.WebConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file dev writes is one every role reads, and it listens on this machine only. */
class DevConfigTest {
  @TempDir Path dir;

  @Test
  void everyRoleReadsTheFileDevWrites() throws Exception {
    String yaml = DevConfig.yaml("localhost:9092", "jdbc:postgresql://localhost:5432/postgres", "postgres", dir, 8080);
    Path file = Files.writeString(dir.resolve("statuslog.yml"), yaml);

    assertThat(ConfigFiles.load(file, CheckerConfiguration.class)).isNotNull();
    assertThat(ConfigFiles.load(file, ProjectorConfiguration.class)).isNotNull();
    assertThat(ConfigFiles.load(file, WebConfiguration.class)).isNotNull();
    assertThat(ConfigFiles.load(file, IngestConfiguration.class)).isNotNull();
    // The admin token and the demo push token are the same in every dev: never on a public interface.
    assertThat(yaml.lines().filter(line -> line.strip().startsWith("port:")).count())
        .isEqualTo(yaml.lines().filter(line -> line.strip().equals("bindHost: 127.0.0.1")).count())
        .isEqualTo(4);
  }
}

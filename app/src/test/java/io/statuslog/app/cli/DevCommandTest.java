package io.statuslog.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.config.ChecksFile;
import io.statuslog.checker.core.CheckSpec;
import io.statuslog.ingest.IngestConfiguration;
import io.statuslog.schemas.secret.SecretToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCommandTest {
  @TempDir Path dir;

  @Test
  void everyPushCheckGetsALineAndOneWhoseTokenDevCannotKnowSaysWhereItIs() throws Exception {
    List<CheckSpec> checks = ChecksFile.read(Files.writeString(dir.resolve("checks.yml"), """
        checks:
          - {id: api, url: "https://api.example.com/"}
          - {id: backup, type: push, interval: 1d}
          - {id: nightly, type: push, interval: 1d, token: nightly-token-0123456789}
          - {id: report, type: push, interval: 7d}
        """));
    // On a restart, checks apply issues no token for a push check the log already has: only "report" is new.
    Map<String, SecretToken> issuedThisStart = Map.of("report", SecretToken.of("report-token-0123456789"));

    assertThat(DevCommand.pushLines(checks, issuedThisStart, new IngestConfiguration.Ingest()).lines().map(String::strip)).containsExactly(
        "Push URL:    http://localhost:8082/v1/push/<its token, printed when an earlier start issued it>   (check backup; the log keeps only a hash)",
        "Push URL:    http://localhost:8082/v1/push/<its token: in the checks file>   (check nightly; the log keeps only a hash)",
        "Push URL:    curl 'http://localhost:8082/v1/push/report-token-0123456789?status=up&msg=OK&ping='   (check report: what its job calls)");
  }
}

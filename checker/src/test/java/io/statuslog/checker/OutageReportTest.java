package io.statuslog.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.checker.core.OutageReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutageReportTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private final OutageReport report = new OutageReport("Kafka", Duration.ofMinutes(1));

  @Test
  void anOutageLogsOneLineWhenItStartsOneAMinuteAndOneWhenItEnds() {
    List<String> lines = new ArrayList<>();
    // A failed attempt every two seconds for 150 s
    for (int second = 0; second <= 150; second += 2) {
      report.failed(T0.plusSeconds(second), "TimeoutException", 10 + second, Optional.of(T0.minusSeconds(5))).ifPresent(lines::add);
    }
    report.delivered(T0.plusSeconds(152), 160).ifPresent(lines::add);

    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("cannot deliver to Kafka").contains("pending=10");
    assertThat(lines.get(1)).contains("cannot deliver to Kafka for 60 s", "pending=70", "oldest=2026-11-28T09:59:55Z (65 s ago)");
    assertThat(lines.get(2)).contains("cannot deliver to Kafka for 120 s");
    assertThat(lines.get(3)).isEqualTo("delivering to Kafka again after 152 s pending=160");
    assertThat(report.inOutage()).isFalse();
  }

  @Test
  void deliveringWithoutAnOutageSaysNothing() {
    assertThat(report.delivered(T0, 0)).isEmpty();
  }
}

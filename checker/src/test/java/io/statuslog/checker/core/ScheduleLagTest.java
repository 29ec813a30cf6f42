package io.statuslog.checker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduleLagTest {
  @Test
  void percentilesComeFromTheWindowAndANewWindowStartsEmpty() {
    ScheduleLag lag = new ScheduleLag();
    for (int i = 0; i < 98; i++) {
      lag.record(Duration.ofMillis(3));
    }
    lag.record(Duration.ofMillis(40));
    lag.record(Duration.ofMillis(700));

    ScheduleLag.Snapshot window = lag.takeSnapshot();

    assertThat(window).isEqualTo(new ScheduleLag.Snapshot(100, 5, 50, 700));
    assertThat(lag.takeSnapshot()).isEqualTo(new ScheduleLag.Snapshot(0, 0, 0, 0));
  }

  @Test
  void aPercentileIsNeverAboveTheLatestStart() {
    ScheduleLag lag = new ScheduleLag();
    lag.record(Duration.ofMillis(130));

    assertThat(lag.takeSnapshot().p99Ms()).isEqualTo(130);
  }
}

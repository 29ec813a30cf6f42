package io.statuslog.checker.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A socket timeout is never 0 (forever) and never more than what is left. */
class DeadlineTest {
  @Test
  void whatIsLeftRoundsUpToAWholeMillisecond() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofNanos(1_500_000_000L + 1));

    assertThat(deadline.remainingMillis()).isBetween(1, 1501);
  }

  @Test
  void aPassedDeadlineIsATimeout() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofNanos(1));
    Thread.sleep(1);

    assertThatThrownBy(deadline::remainingMillis).isInstanceOf(SocketTimeoutException.class);
    assertThat(deadline.elapsed()).isPositive();
  }
}

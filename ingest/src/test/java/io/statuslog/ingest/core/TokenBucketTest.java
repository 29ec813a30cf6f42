package io.statuslog.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketLetsTheBurstThroughThenRefusesWithTheTimeUntilEnoughAreBack() {
    TokenBucket bucket = new TokenBucket(10, 100, 0);

    assertThat(bucket.take(60, 0)).isEmpty();
    assertThat(bucket.take(40, 0)).isEmpty();
    assertThat(bucket.take(20, 0)).contains(Duration.ofSeconds(2));
    assertThat(bucket.take(20, 2 * SECOND)).as("two seconds at 10/s refill 20").isEmpty();
  }

  @Test
  void arefusedRequestTakesNothing() {
    TokenBucket bucket = new TokenBucket(1, 10, 0);
    assertThat(bucket.take(8, 0)).isEmpty();

    assertThat(bucket.take(5, 0)).contains(Duration.ofSeconds(3));
    assertThat(bucket.take(2, 0)).as("the refused 5 took nothing").isEmpty();
  }

  @Test
  void neverHoldsMoreThanTheBurstHoweverLongItWaited() {
    TokenBucket bucket = new TokenBucket(100, 10, 0);
    assertThat(bucket.take(10, 3_600 * SECOND)).isEmpty();

    assertThat(bucket.take(1, 3_600 * SECOND)).contains(Duration.ofMillis(10));
  }

  @Test
  void aClockGoingBackwardsNeitherRefillsNorBreaksIt() {
    TokenBucket bucket = new TokenBucket(1, 5, 10 * SECOND);
    assertThat(bucket.take(5, 10 * SECOND)).isEmpty();

    assertThat(bucket.take(1, 5 * SECOND)).isPresent();
    assertThat(bucket.take(1, 11 * SECOND)).isEmpty();
  }

  @Test
  void aRequestLargerThanTheBurstCouldNeverPassAndIsAnError() {
    TokenBucket bucket = new TokenBucket(1, 5, 0);
    assertThatThrownBy(() -> bucket.take(6, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAtLeastOne() {
    assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(RateLimiter.retryAfterSeconds(Duration.ofMillis(2_001))).isEqualTo(3);
  }

  @Test
  void eachKeyHasABucketOfItsOwn() {
    long[] now = {0};
    RateLimiter limiter = new RateLimiter(1, 10, () -> now[0]);

    assertThat(limiter.take("eu-1", 10)).isEmpty();
    assertThat(limiter.take("eu-1", 1)).isPresent();
    assertThat(limiter.take("us-1", 10)).isEmpty();
  }
}

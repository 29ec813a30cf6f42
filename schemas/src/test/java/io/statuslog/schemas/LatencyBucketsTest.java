package io.statuslog.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.schemas.readmodel.LatencyBuckets;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {
  @Test
  void bucketsAreInclusiveOfTheirUpperBound() {
    assertThat(LatencyBuckets.bucketOf(0)).isZero();
    assertThat(LatencyBuckets.bucketOf(10)).isZero();
    assertThat(LatencyBuckets.bucketOf(11)).isEqualTo(1);
    assertThat(LatencyBuckets.bucketOf(10_000)).isEqualTo(9);
    assertThat(LatencyBuckets.bucketOf(60_000)).isEqualTo(10);
  }

  @Test
  void quantilesAreTheUpperBoundOfTheirBucket() {
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[LatencyBuckets.bucketOf(40)] = 90; // 90 fast requests
    buckets[LatencyBuckets.bucketOf(800)] = 9; // 9 slow ones
    buckets[LatencyBuckets.bucketOf(20_000)] = 1; // one very slow

    assertThat(LatencyBuckets.quantileUpperBoundMs(buckets, 0.50)).isEqualTo(50);
    assertThat(LatencyBuckets.quantileUpperBoundMs(buckets, 0.95)).isEqualTo(1_000);
    assertThat(LatencyBuckets.quantileUpperBoundMs(buckets, 0.999)).isNull();
    assertThat(LatencyBuckets.quantileUpperBoundMs(new long[LatencyBuckets.COUNT], 0.5)).isNull();
  }

  @Test
  void aQuantileIsNeverAboveTheLongestDurationCounted() {
    long[] timeouts = new long[LatencyBuckets.COUNT];
    timeouts[LatencyBuckets.bucketOf(3_004)] = 20; // probes that waited out a 3 s timeout

    assertThat(LatencyBuckets.quantileUpperBoundMs(timeouts, 0.95, 3_004)).isEqualTo(3_004);
    long[] slow = new long[LatencyBuckets.COUNT];
    slow[LatencyBuckets.bucketOf(40_000)] = 3;
    assertThat(LatencyBuckets.quantileUpperBoundMs(slow, 0.95, 40_000)).as("in the open last bucket").isEqualTo(40_000);
    assertThat(LatencyBuckets.quantileUpperBoundMs(new long[LatencyBuckets.COUNT], 0.95, 0)).isNull();
  }
}

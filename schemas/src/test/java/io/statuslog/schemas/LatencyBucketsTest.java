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
}

package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.LatencyHistogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void bucketsAreInclusiveOfTheirUpperBound() {
    assertThat(LatencyHistogram.bucketOf(0)).isZero();
    assertThat(LatencyHistogram.bucketOf(10)).isZero();
    assertThat(LatencyHistogram.bucketOf(11)).isEqualTo(1);
    assertThat(LatencyHistogram.bucketOf(10_000)).isEqualTo(9);
    assertThat(LatencyHistogram.bucketOf(60_000)).isEqualTo(10);
  }

  @Test
  void quantilesAreTheUpperBoundOfTheirBucket() {
    long[] buckets = new long[LatencyHistogram.BUCKETS];
    buckets[LatencyHistogram.bucketOf(40)] = 90; // 90 fast requests
    buckets[LatencyHistogram.bucketOf(800)] = 9; // 9 slow ones
    buckets[LatencyHistogram.bucketOf(20_000)] = 1; // one very slow

    assertThat(LatencyHistogram.quantileUpperBoundMs(buckets, 0.50)).isEqualTo(50);
    assertThat(LatencyHistogram.quantileUpperBoundMs(buckets, 0.95)).isEqualTo(1_000);
    assertThat(LatencyHistogram.quantileUpperBoundMs(buckets, 0.999)).isEqualTo(Long.MAX_VALUE);
    assertThat(LatencyHistogram.quantileUpperBoundMs(new long[LatencyHistogram.BUCKETS], 0.5)).isEqualTo(-1);
  }
}

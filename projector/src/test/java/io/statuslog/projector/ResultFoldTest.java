package io.statuslog.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.projector.core.Observation;
import io.statuslog.projector.core.Rollup;
import io.statuslog.projector.core.ResultFold;
import io.statuslog.projector.core.ResultFold.BucketKey;
import io.statuslog.projector.core.ResultFold.RegionKey;
import io.statuslog.schemas.events.Outcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFoldTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void countsEachOutcomePerCheckAndMinute() {
    ResultFold fold =
        ResultFold.of(
            List.of(
                result("api", T0.plusSeconds(1), Outcome.UP, 100),
                result("api", T0.plusSeconds(30), Outcome.DOWN, 300),
                result("api", T0.plusSeconds(59), Outcome.DEGRADED, 50),
                result("api", T0.plusSeconds(60), Outcome.UP, 10),
                result("web", T0.plusSeconds(5), Outcome.UP, 7)));

    assertThat(fold.minutes())
        .containsEntry(new BucketKey("api", T0), new Rollup(1, 1, 1, 450, 300, buckets(0, 0, 1, 1, 0, 1)))
        .containsEntry(new BucketKey("api", T0.plusSeconds(60)), new Rollup(1, 0, 0, 10, 10, buckets(1)))
        .containsEntry(new BucketKey("web", T0), new Rollup(1, 0, 0, 7, 7, buckets(1)))
        .hasSize(3);
    assertThat(fold.hours()).containsEntry(new BucketKey("api", T0), new Rollup(2, 1, 1, 460, 300, buckets(1, 0, 1, 1, 0, 1)));
    assertThat(fold.days()).containsKey(new BucketKey("web", T0.minusSeconds(10 * 3600)));
  }

  @Test
  void theLatestStatusIsTheResultThatStartedLastNotTheLastInTheBatch() {
    Observation fresh = result("api", T0.plusSeconds(60), Outcome.UP, 10);
    Observation lateArrival = result("api", T0, Outcome.DOWN, 10);

    ResultFold fold = ResultFold.of(List.of(fresh, lateArrival));

    assertThat(fold.latest()).containsEntry("api", fresh);
  }

  @Test
  void theLatestStatusIsKeptPerRegionToo() {
    Observation eu = result("api", "eu", T0, Outcome.DOWN, 10);
    Observation us = result("api", "us", T0.plusSeconds(5), Outcome.UP, 10);

    ResultFold fold = ResultFold.of(List.of(eu, us));

    assertThat(fold.latestPerRegion()).containsEntry(new RegionKey("api", "eu"), eu).containsEntry(new RegionKey("api", "us"), us);
    assertThat(fold.latest()).containsEntry("api", us);
  }

  @Test
  void minutesOlderThanTheCutoffAreNotKeptButStillCountInTheirHourAndDay() {
    ResultFold fold =
        ResultFold.of(
            List.of(
                result("api", T0.plusSeconds(5), Outcome.UP, 100),
                result("api", T0.plusSeconds(65), Outcome.DOWN, 300),
                result("api", T0.plusSeconds(125), Outcome.UP, 10),
                result("api", T0.plusSeconds(3_605), Outcome.DEGRADED, 40)),
            T0.plusSeconds(120));

    assertThat(fold.minutes().keySet())
        .containsExactlyInAnyOrder(new BucketKey("api", T0.plusSeconds(120)), new BucketKey("api", T0.plusSeconds(3_600)));
    assertThat(fold.hours())
        .containsEntry(new BucketKey("api", T0), new Rollup(2, 1, 0, 410, 300, buckets(1, 0, 0, 1, 0, 1)))
        .containsEntry(new BucketKey("api", T0.plusSeconds(3_600)), new Rollup(0, 0, 1, 40, 40, buckets(0, 0, 1)))
        .hasSize(2);
    assertThat(fold.days()).containsEntry(new BucketKey("api", T0.minusSeconds(10 * 3600)), new Rollup(2, 1, 1, 450, 300, buckets(1, 0, 1, 1, 0, 1)));
  }

  @Test
  void anEmptyBatchFoldsToNothing() {
    ResultFold fold = ResultFold.of(List.of());

    assertThat(fold.minutes()).isEmpty();
    assertThat(fold.latest()).isEmpty();
  }

  /** A histogram with the given leading bucket counts, the rest zero. */
  private static long[] buckets(long... leading) {
    long[] buckets = new long[io.statuslog.schemas.readmodel.LatencyBuckets.COUNT];
    System.arraycopy(leading, 0, buckets, 0, leading.length);
    return buckets;
  }

  private static Observation result(String checkId, Instant startedAt, Outcome outcome, long durationMs) {
    return result(checkId, "default", startedAt, outcome, durationMs);
  }

  private static Observation result(String checkId, String region, Instant startedAt, Outcome outcome, long durationMs) {
    return new Observation(checkId, region, startedAt.toEpochMilli(), durationMs, outcome, null, null, null);
  }
}

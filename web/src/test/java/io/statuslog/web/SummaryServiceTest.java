package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Summary;
import io.statuslog.web.core.Status;
import io.statuslog.web.core.StatusPage;
import io.statuslog.web.core.SummaryService;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SummaryServiceTest {
  private static final Instant T0 = Instant.parse("2026-11-24T14:02:00Z");
  private final CheckSummary api = new CheckSummary("api", "API", "Core", Status.UP, T0, 100.0);

  @Test
  void whenTheReadModelFailsTheLastGoodSummaryIsServedAsStale() {
    AtomicBoolean databaseUp = new AtomicBoolean(true);
    SummaryService service =
        new SummaryService(now -> {
          if (!databaseUp.get()) throw new SQLException("connection refused");
          return new SummaryService.Read(List.of(api), true);
        }, Clock.fixed(T0, ZoneOffset.UTC));

    Summary fresh = service.current();
    databaseUp.set(false);
    Summary stale = service.current();

    assertThat(fresh.stale()).isFalse();
    assertThat(stale).isEqualTo(new Summary(T0, true, List.of(api)));
    assertThat(StatusPage.render(stale)).contains("Live updates are delayed — data as of 2026-11-24 14:02 UTC");
  }

  @Test
  void dataFromAGenerationThatIsNotLiveIsMarkedStale() {
    SummaryService service = new SummaryService(now -> new SummaryService.Read(List.of(api), false), Clock.fixed(T0, ZoneOffset.UTC));

    assertThat(service.current()).isEqualTo(new Summary(T0, true, List.of(api)));
  }

  @Test
  void withNoGoodSummaryYetItServesAnEmptyStaleOne() {
    SummaryService service = new SummaryService(now -> { throw new SQLException("down"); }, Clock.fixed(T0, ZoneOffset.UTC));

    assertThat(service.current()).isEqualTo(new Summary(null, true, List.of()));
  }

  @Test
  void theHeadlineFollowsTheWorstStatus() {
    CheckSummary down = new CheckSummary("db", "DB", null, Status.DOWN, T0, 50.0);

    assertThat(StatusPage.overall(new Summary(T0, false, List.of(api)))).isEqualTo("All systems operational");
    assertThat(StatusPage.overall(new Summary(T0, false, List.of(api, down)))).isEqualTo("Partial outage");
    assertThat(StatusPage.overall(new Summary(T0, false, List.of(down)))).isEqualTo("Major outage");
  }

  @Test
  void textFromChecksIsEscapedNotRun() {
    CheckSummary hostile = new CheckSummary("x", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", Status.UP, T0, 100.0);

    String html = StatusPage.render(new Summary(T0, false, List.of(hostile)));

    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }
}

package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.DayUptime;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.LatencyPoint;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.AtomFeed;
import io.statuslog.web.core.Badge;
import io.statuslog.web.core.StatusPage;
import io.statuslog.web.core.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final Instant T0 = Instant.parse("2026-11-24T14:02:00Z");
  private final CheckSummary api = new CheckSummary("api", "API", "Core", Status.UP, null, T0, 100.0, 99.5,
      List.of(new DayUptime(LocalDate.parse("2026-11-23"), 99, 1, 0, 99.0)), List.of(new LatencyPoint(T0, 120, 250L)));
  private final CheckSummary db = new CheckSummary("db", "Database", "Core", Status.DOWN, "[STATUS] (503) == 200", T0, 50.0, 90.0, List.of(), List.of());

  @Test
  void theHeadlineFollowsTheWorstStatus() {
    assertThat(StatusPage.overall(List.of(api))).isEqualTo("All systems operational");
    assertThat(StatusPage.overall(List.of(api, db))).isEqualTo("Partial outage");
    assertThat(StatusPage.overall(List.of(db))).isEqualTo("Major outage");
    assertThat(StatusPage.overall(List.of())).isEqualTo("No checks yet");
  }

  @Test
  void theUptimeBarHasNinetyDaysEachWithItsFiguresAsText() {
    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(api), List.of()));

    assertThat(Pattern.compile("<rect ").matcher(html).results().count()).isEqualTo(90);
    assertThat(html).contains("aria-label=\"90-day uptime: 99.00%\"");
    assertThat(html).contains("<title>2026-11-23: 99.00% up, 100 checks, 1 down</title>");
    assertThat(html).contains("<title>2026-11-24: no data</title>");
    assertThat(html).contains("Response time over the last 24 hours: average 120 ms");
  }

  @Test
  void incidentsShowSeverityAndUpdatesAndTheirTextIsNeverRun() {
    Incident hostile = new Incident("inc-1", "<script>alert('t')</script>", "MAJOR", "OPEN", List.of("Core"), T0, T0, null,
        List.of(new Incident.IncidentUpdate(T0, "UPDATED", "MAJOR", "<img src=x onerror=alert(1)> fixed soon"),
            new Incident.IncidentUpdate(T0.minusSeconds(60), "OPENED", "MINOR", "Investigating")));

    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(api), List.of(hostile)));

    assertThat(html).contains("Active incidents").contains("major").contains("Investigating");
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
    assertThat(html).contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(1)&gt; fixed soon");
    assertThat(html.indexOf("fixed soon")).isLessThan(html.indexOf("Investigating"));
    assertThat(AtomFeed.render(new Snapshot(T0, false, 1, List.of(), List.of(hostile)))).doesNotContain("<script>").contains("&lt;script&gt;");
  }

  @Test
  void aCheckThatIsNotUpSaysWhichConditionFailedAndAnUpOneSaysNothing() {
    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(api, db), List.of()));

    assertThat(html).contains("<p class=\"reason\">[STATUS] (503) == 200</p>");
    assertThat(Pattern.compile("class=\"reason\"").matcher(html).results().count()).isOne();
  }

  @Test
  void aBadgeShowsTheNinetyDayUptime() {
    assertThat(Badge.svg(api)).contains(">99.50%<").contains("aria-label=\"API uptime: 99.50%\"");
  }
}

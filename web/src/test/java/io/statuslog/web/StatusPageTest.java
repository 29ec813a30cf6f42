package io.statuslog.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.DayUptime;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.LatencyPoint;
import io.statuslog.web.api.RegionStatus;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.core.AtomFeed;
import io.statuslog.web.core.Badge;
import io.statuslog.web.core.CheckTypes;
import io.statuslog.web.core.StatusPage;
import io.statuslog.web.core.Status;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final Instant T0 = Instant.parse("2026-11-24T14:02:00Z");
  private final CheckSummary api = new CheckSummary("api", "API", "Core", "http", Status.UP, null, T0, 100.0, 99.5, List.of(),
      List.of(new DayUptime(LocalDate.parse("2026-11-23"), 99, 1, 0, 99.0)), List.of(new LatencyPoint(T0, 120, 250L)));
  private final CheckSummary db = new CheckSummary("db", "Database", "Core", "http", Status.DOWN, "[STATUS] (503) == 200", T0, 50.0, 90.0, List.of(), List.of(), List.of());

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
    assertThat(html).contains("<title>2026-11-23: 99.00% up, 100 probes, 1 down</title>");
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
  void aPushCheckShowsItsLastHeartbeatOrThatThereWasNone() {
    CheckSummary beating = new CheckSummary("backup", "Nightly backup", "Jobs", "push", Status.UP, null, Instant.parse("2026-11-24T13:58:07Z"),
        100.0, 100.0, List.of(new RegionStatus("push", Status.UP, Instant.parse("2026-11-24T13:58:07Z"))), List.of(), List.of());
    CheckSummary silent = new CheckSummary("report", "Weekly report", "Jobs", "push", Status.UNKNOWN, null, null, null, null, List.of(), List.of(), List.of());

    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(api, beating, silent), List.of()));

    assertThat(html).contains("<p class=\"muted heartbeat\">Last heartbeat <time datetime=\"2026-11-24T13:58:07Z\">2026-11-24 13:58:07 UTC</time></p>");
    assertThat(html).contains("<p class=\"muted heartbeat\">No heartbeat yet</p>");
    assertThat(Pattern.compile("class=\"muted heartbeat\"").matcher(html).results().count()).as("probed checks have no heartbeat").isEqualTo(2);
  }

  @Test
  void aPushJobThatSendsNoPingHasNoResponseTimeAndOneThatDoesHasIt() {
    Instant hour = Instant.parse("2026-11-24T13:00:00Z");
    CheckSummary noPing = new CheckSummary("backup", "Nightly backup", "Jobs", "push", Status.UP, null, T0, 100.0, 100.0, List.of(), List.of(),
        List.of(new LatencyPoint(hour, 0, 0L), new LatencyPoint(hour.plusSeconds(3600), 0, null)));
    CheckSummary pinged = new CheckSummary("import", "Import", "Jobs", "push", Status.UP, null, T0, 100.0, 100.0, List.of(), List.of(),
        List.of(new LatencyPoint(hour, 0, 0L), new LatencyPoint(hour.plusSeconds(3600), 840, 1000L)));

    assertThat(noPing.latency24h()).isEmpty();
    assertThat(pinged.latency24h()).containsExactly(new LatencyPoint(hour.plusSeconds(3600), 840, 1000L));
    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(noPing, pinged), List.of()));
    assertThat(Pattern.compile("Response time, last 24 hours").matcher(html).results().count()).isOne();
  }

  @Test
  void aCheckProbedFromSeveralRegionsShowsEachRegionsStateAndOneFromOneRegionDoesNot() {
    CheckSummary everywhere = new CheckSummary("web", "Website", "Core", "http", Status.DOWN, "connection refused", T0, 50.0, 90.0,
        List.of(new RegionStatus("eu-west", Status.UP, T0), new RegionStatus("us-<east>", Status.DOWN, T0)), List.of(), List.of());
    CheckSummary oneRegion = new CheckSummary("api", "API", "Core", "http", Status.UP, null, T0, 100.0, 99.5,
        List.of(new RegionStatus("default", Status.UP, T0)), List.of(), List.of());

    String html = StatusPage.render(new Snapshot(T0, false, 1, List.of(everywhere, oneRegion), List.of()));

    assertThat(html).contains("<p class=\"muted regions\">eu-west <span class=\"UP\">Operational</span> · us-&lt;east&gt; <span class=\"DOWN\">Down</span></p>");
    assertThat(Pattern.compile("class=\"muted regions\"").matcher(html).results().count()).isOne();
  }

  @Test
  void aChecksTypeIsTheSchemeOfItsUrl() {
    assertThat(CheckTypes.of("push:backup")).isEqualTo("push");
    assertThat(CheckTypes.of("tcp://db:5432")).isEqualTo("tcp");
    assertThat(CheckTypes.of("dns://1.1.1.1/example.com?type=A")).isEqualTo("dns");
    assertThat(CheckTypes.of("tls://example.com:443")).isEqualTo("tls");
    assertThat(CheckTypes.of("https://example.com/health")).isEqualTo("http");
    assertThat(CheckTypes.of("http://pushy.example.com/")).isEqualTo("http");
  }

  @Test
  void aBadgeShowsTheNinetyDayUptime() {
    assertThat(Badge.svg(api)).contains(">99.50%<").contains("aria-label=\"API uptime: 99.50%\"");
  }
}

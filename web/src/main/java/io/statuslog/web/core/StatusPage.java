package io.statuslog.web.core;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.RegionStatus;
import io.statuslog.web.api.Snapshot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the public status page from a snapshot: plain semantic HTML and inline SVG, no
 * scripts, no assets from other hosts. Every colour has a text alternative. All text that came
 * from users or configuration is escaped.
 */
public final class StatusPage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String STYLE =
      "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a;line-height:1.4}"
          + "h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem;margin:.2rem 0}"
          + ".banner{background:#fff4ce;border:2px solid #8a5a00;padding:.75rem;margin:1rem 0;font-weight:600}"
          + ".overall{padding:1rem;border-radius:.4rem;color:#fff;font-size:1.3rem}.ok{background:#1e6b34}.partial{background:#8a5a00}.major{background:#a4161a}.none{background:#555}"
          + ".check{border-bottom:1px solid #ddd;padding:.6rem 0}.row{display:flex;justify-content:space-between;flex-wrap:wrap;gap:.5rem}"
          + ".UP{color:#1e6b34}.DEGRADED{color:#8a5a00}.DOWN{color:#a4161a}.UNKNOWN{color:#555}"
          + ".state{font-weight:700}.reason{margin:.25rem 0;color:#8a1c1c;font-family:ui-monospace,monospace;font-size:.85rem;overflow-wrap:anywhere}.bar,.latency{width:100%;height:auto;display:block}.muted{color:#555;font-size:.9rem}"
          + ".incident{border-left:4px solid #a4161a;padding:.3rem .8rem;margin:.8rem 0}.incident.MINOR{border-color:#8a5a00}.incident.MAINTENANCE{border-color:#1f4e9c}"
          + "ol.updates{padding-left:1.2rem}details{margin:.4rem 0}";

  /** Days in the uptime bar. */
  public static final int DAYS = 90;

  private StatusPage() {}

  /** The headline for a set of checks. */
  public static String overall(List<CheckSummary> checks) {
    long down = checks.stream().filter(c -> c.status() == Status.DOWN).count();
    long degraded = checks.stream().filter(c -> c.status() == Status.DEGRADED).count();
    if (checks.isEmpty()) {
      return "No checks yet";
    }
    if (down == checks.size()) {
      return "Major outage";
    }
    if (down > 0) {
      return "Partial outage";
    }
    return degraded > 0 ? "Degraded performance" : "All systems operational";
  }

  public static String render(Snapshot snapshot) {
    StringBuilder html = new StringBuilder(16_384);
    String overall = overall(snapshot.checks());
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"30\">")
        .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Incidents\" href=\"/feed.atom\">")
        .append("<title>").append(Html.escape(overall)).append(" — Status</title><style>").append(STYLE).append("</style></head><body><main>\n");
    if (snapshot.stale()) {
      html.append("<p class=\"banner\" role=\"status\" id=\"stale-banner\">Live updates are delayed")
          .append(snapshot.dataAsOf() == null ? " — no data could be read yet" : " — data as of " + CLOCK.format(snapshot.dataAsOf()))
          .append("</p>\n");
    }
    html.append("<h1 class=\"overall ").append(overallClass(overall)).append("\" id=\"overall\">").append(Html.escape(overall)).append("</h1>\n");

    List<Incident> active = snapshot.incidents().stream().filter(i -> i.open() && !"MAINTENANCE".equals(i.severity())).toList();
    List<Incident> maintenance = snapshot.incidents().stream().filter(i -> i.open() && "MAINTENANCE".equals(i.severity())).toList();
    List<Incident> resolved = snapshot.incidents().stream().filter(i -> !i.open()).toList();
    if (!active.isEmpty()) {
      html.append("<section aria-labelledby=\"active-h\"><h2 id=\"active-h\">Active incidents</h2>\n");
      active.forEach(incident -> incident(html, incident));
      html.append("</section>\n");
    }
    if (!maintenance.isEmpty()) {
      html.append("<section aria-labelledby=\"maint-h\"><h2 id=\"maint-h\">Scheduled maintenance</h2>\n");
      maintenance.forEach(incident -> incident(html, incident));
      html.append("</section>\n");
    }

    html.append("<section aria-labelledby=\"components-h\"><h2 id=\"components-h\">Components</h2>\n");
    Map<String, List<CheckSummary>> byComponent = new LinkedHashMap<>();
    snapshot.checks().forEach(check -> byComponent.computeIfAbsent(check.component() == null ? "Other" : check.component(), c -> new java.util.ArrayList<>()).add(check));
    LocalDate today = snapshot.dataAsOf() == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.ofInstant(snapshot.dataAsOf(), ZoneOffset.UTC);
    byComponent.forEach((component, checks) -> {
      html.append("<section class=\"component\"><h3>").append(Html.escape(component)).append("</h3>\n");
      checks.forEach(check -> check(html, check, today));
      html.append("</section>\n");
    });
    html.append("</section>\n");

    if (!resolved.isEmpty()) {
      html.append("<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">Past incidents</h2>\n");
      resolved.forEach(incident -> incident(html, incident));
      html.append("</section>\n");
    }
    html.append("<p class=\"muted\">").append(snapshot.dataAsOf() == null ? "No data yet." : "Data as of " + TIME.format(snapshot.dataAsOf()) + ".")
        .append(" <a href=\"/feed.atom\">Incident feed</a> · <a href=\"/api/v1/summary\">JSON</a></p>\n");
    html.append("</main></body></html>\n");
    return html.toString();
  }

  private static String overallClass(String overall) {
    return switch (overall) {
      case "All systems operational" -> "ok";
      case "Major outage" -> "major";
      case "No checks yet" -> "none";
      default -> "partial";
    };
  }

  private static void check(StringBuilder html, CheckSummary check, LocalDate today) {
    String id = Html.escape(check.id());
    html.append("<article class=\"check\" id=\"check-").append(id).append("\"><div class=\"row\"><span>").append(Html.escape(check.name()))
        .append("</span><span class=\"state ").append(check.status().name()).append("\">").append(label(check.status())).append("</span></div>\n");
    if (check.reason() != null) {
      html.append("<p class=\"reason\">").append(Html.escape(check.reason())).append("</p>\n");
    }
    if (check.type().equals("push")) {
      // Nothing probes a push check: when its job last called in is what a reader wants to know.
      html.append("<p class=\"muted heartbeat\">").append(check.lastCheckedAt() == null ? "No heartbeat yet"
          : "Last heartbeat <time datetime=\"" + check.lastCheckedAt() + "\">" + SECONDS.format(check.lastCheckedAt()) + "</time>").append("</p>\n");
    } else if (check.regions().size() > 1) {
      // Checked from several places: which of them sees it down is the first question in an outage.
      html.append("<p class=\"muted regions\">");
      for (int i = 0; i < check.regions().size(); i++) {
        RegionStatus region = check.regions().get(i);
        html.append(i == 0 ? "" : " · ").append(Html.escape(region.region())).append(" <span class=\"").append(region.status().name()).append("\">")
            .append(label(region.status())).append("</span>");
      }
      html.append("</p>\n");
    }
    html.append(UptimeBar.svg(check.days(), today, DAYS)).append('\n');
    html.append("<div class=\"row muted\"><span>90 days ago</span><span>")
        .append(check.uptime90d() == null ? "no data" : String.format(Locale.ROOT, "%.2f%% uptime", check.uptime90d()))
        .append("</span><span>Today</span></div>\n");
    if (!check.latency24h().isEmpty()) {
      html.append("<details><summary>Response time, last 24 hours</summary>").append(LatencyChart.svg(check.latency24h())).append("</details>\n");
    }
    html.append("</article>\n");
  }

  private static String label(Status status) {
    return switch (status) {
      case UP -> "Operational";
      case DEGRADED -> "Degraded";
      case DOWN -> "Down";
      case UNKNOWN -> "No recent data";
    };
  }

  private static void incident(StringBuilder html, Incident incident) {
    html.append("<article class=\"incident ").append(Html.escape(incident.severity())).append("\" id=\"incident-").append(Html.escape(incident.id())).append("\">")
        .append("<h3>").append(Html.escape(incident.title())).append("</h3><p class=\"muted\">")
        .append(Html.escape(incident.severity() == null ? "" : incident.severity().toLowerCase(Locale.ROOT))).append(" · ")
        .append(incident.open() ? "opened " + TIME.format(incident.openedAt()) : "resolved " + TIME.format(incident.resolvedAt()));
    if (!incident.affectedComponents().isEmpty()) {
      html.append(" · affects ").append(Html.escape(String.join(", ", incident.affectedComponents())));
    }
    html.append("</p>");
    if (!incident.updates().isEmpty()) {
      html.append("<ol class=\"updates\" reversed>");
      for (Incident.IncidentUpdate update : incident.updates()) {
        html.append("<li><strong>").append(Html.escape(update.kind().charAt(0) + update.kind().substring(1).toLowerCase(Locale.ROOT)))
            .append("</strong> <time datetime=\"").append(update.at()).append("\">").append(TIME.format(update.at())).append("</time> — ")
            .append(Html.escape(update.text())).append("</li>");
      }
      html.append("</ol>");
    }
    html.append("</article>\n");
  }

}

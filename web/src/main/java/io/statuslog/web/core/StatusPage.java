package io.statuslog.web.core;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Summary;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Renders the public status page: plain HTML, no scripts, no assets from other hosts. */
public final class StatusPage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusPage() {}

  /** The headline for a set of checks: all up, some down, or all down. */
  public static String overall(Summary summary) {
    long down = summary.checks().stream().filter(c -> c.status() == Status.DOWN).count();
    long degraded = summary.checks().stream().filter(c -> c.status() == Status.DEGRADED).count();
    if (summary.checks().isEmpty()) {
      return "No checks yet";
    }
    if (down == summary.checks().size()) {
      return "Major outage";
    }
    if (down > 0) {
      return "Partial outage";
    }
    return degraded > 0 ? "Degraded performance" : "All systems operational";
  }

  public static String render(Summary summary) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"refresh\" content=\"30\">")
        .append("<title>Status</title><style>")
        .append("body{font-family:system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1a1a1a}")
        .append("table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ddd}")
        .append(".UP{color:#0a6b2a}.DEGRADED{color:#8a5a00}.DOWN{color:#b00020}.UNKNOWN{color:#555}")
        .append(".banner{background:#fff4ce;border:1px solid #8a5a00;padding:.75rem;margin:1rem 0}")
        .append("</style></head><body><main>\n");
    if (summary.stale()) {
      html.append("<p class=\"banner\" role=\"status\">Live updates are delayed")
          .append(summary.dataAsOf() == null ? "" : " — data as of " + TIME.format(summary.dataAsOf()))
          .append("</p>\n");
    }
    html.append("<h1 id=\"overall\">").append(Html.escape(overall(summary))).append("</h1>\n");
    html.append("<table><caption>Checks</caption><thead><tr><th scope=\"col\">Check</th><th scope=\"col\">Component</th>")
        .append("<th scope=\"col\">Status</th><th scope=\"col\">Uptime (24 h)</th><th scope=\"col\">Last checked</th></tr></thead><tbody>\n");
    for (CheckSummary check : summary.checks()) {
      html.append("<tr id=\"check-").append(Html.escape(check.id())).append("\"><td>").append(Html.escape(check.name()))
          .append("</td><td>").append(Html.escape(check.component()))
          .append("</td><td class=\"").append(check.status().name()).append("\">").append(check.status().name())
          .append("</td><td>").append(check.uptime24h() == null ? "—" : String.format(Locale.ROOT, "%.2f%%", check.uptime24h()))
          .append("</td><td>").append(check.lastCheckedAt() == null ? "never" : TIME.format(check.lastCheckedAt()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    if (summary.dataAsOf() != null) {
      html.append("<p><small>Data as of ").append(TIME.format(summary.dataAsOf())).append("</small></p>\n");
    }
    html.append("</main></body></html>\n");
    return html.toString();
  }
}

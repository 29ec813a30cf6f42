package io.statuslog.web.core;

import io.statuslog.web.api.CheckSummary;
import java.util.Locale;

/** A shields-style SVG badge: "uptime | 99.95%", coloured by the 90-day uptime. */
public final class Badge {
  private Badge() {}

  public static String svg(CheckSummary check) {
    String value = check.uptime90d() == null ? "no data" : String.format(Locale.ROOT, "%.2f%%", check.uptime90d());
    String colour = UptimeBar.colour(check.uptime90d());
    int left = 52;
    int right = 8 + value.length() * 7;
    int width = left + right;
    String label = Html.escape(check.name() + " uptime: " + value);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"20\" role=\"img\" aria-label=\"" + label + "\">"
        + "<title>" + label + "</title>"
        + "<rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
        + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + colour + "\"/>"
        + "<g fill=\"#fff\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
        + "<text x=\"6\" y=\"14\">uptime</text><text x=\"" + (left + 4) + "\" y=\"14\">" + Html.escape(value) + "</text></g></svg>";
  }
}

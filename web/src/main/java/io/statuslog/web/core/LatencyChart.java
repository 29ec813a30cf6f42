package io.statuslog.web.core;

import io.statuslog.web.api.LatencyPoint;
import java.util.List;
import java.util.Locale;

/** Response time over the last 24 hours as an inline SVG line chart, drawn on the server. */
public final class LatencyChart {
  private static final int WIDTH = 720;
  private static final int HEIGHT = 120;
  private static final int PAD = 4;

  private LatencyChart() {}

  public static String svg(List<LatencyPoint> points) {
    long max = Math.max(1, points.stream().mapToLong(LatencyPoint::meanMs).max().orElse(1));
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < points.size(); i++) {
      double x = PAD + (points.size() == 1 ? 0 : i * (WIDTH - 2.0 * PAD) / (points.size() - 1));
      double y = HEIGHT - PAD - points.get(i).meanMs() * (HEIGHT - 2.0 * PAD) / max;
      path.append(i == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
    }
    return "<svg class=\"latency\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\"" + Html.escape(summary(points)) + "\">"
        + "<line x1=\"0\" y1=\"" + (HEIGHT - PAD) + "\" x2=\"" + WIDTH + "\" y2=\"" + (HEIGHT - PAD) + "\" stroke=\"#ccc\"/>"
        + "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"2\"/>"
        + "<text x=\"" + (WIDTH - PAD) + "\" y=\"14\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">max " + max + " ms</text></svg>";
  }

  /** The chart's text alternative. */
  public static String summary(List<LatencyPoint> points) {
    if (points.isEmpty()) {
      return "no response times in the last 24 hours";
    }
    long mean = Math.round(points.stream().mapToLong(LatencyPoint::meanMs).average().orElse(0));
    long max = points.stream().mapToLong(LatencyPoint::meanMs).max().orElse(0);
    return "Response time over the last 24 hours: average " + mean + " ms, slowest hour " + max + " ms";
  }
}

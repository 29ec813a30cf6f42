package io.statuslog.web.core;

import io.statuslog.web.api.DayUptime;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The 90-day uptime bar: one cell per UTC day, coloured by uptime, each with its figures as a title. */
public final class UptimeBar {
  private static final int CELL = 6;
  private static final int GAP = 2;
  private static final int HEIGHT = 28;

  private UptimeBar() {}

  public static String svg(List<DayUptime> days, LocalDate today, int dayCount) {
    Map<LocalDate, DayUptime> byDate = new HashMap<>();
    days.forEach(day -> byDate.put(day.date(), day));
    int width = dayCount * (CELL + GAP) - GAP;
    long up = days.stream().mapToLong(d -> d.up() + d.degraded()).sum();
    long total = days.stream().mapToLong(d -> d.up() + d.down() + d.degraded()).sum();
    Double uptime = StatusRule.uptimePercent(up, total);
    StringBuilder svg = new StringBuilder(dayCount * 160);
    svg.append("<svg class=\"bar\" viewBox=\"0 0 ").append(width).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"").append(dayCount).append("-day uptime: ")
        .append(uptime == null ? "no data" : String.format(Locale.ROOT, "%.2f%%", uptime)).append("\">");
    for (int i = 0; i < dayCount; i++) {
      LocalDate date = today.minusDays(dayCount - 1 - i);
      DayUptime day = byDate.get(date);
      // Kept short: 90 cells per check add up on a page with many checks.
      svg.append("<rect x=\"").append(i * (CELL + GAP)).append("\" width=\"").append(CELL).append("\" height=\"").append(HEIGHT)
          .append("\" fill=\"").append(colour(day == null ? null : day.uptime())).append("\"><title>").append(date).append(": ");
      if (day == null || day.uptime() == null) {
        svg.append("no data");
      } else {
        svg.append(String.format(Locale.ROOT, "%.2f%% up, %d probes", day.uptime(), day.up() + day.down() + day.degraded()));
        if (day.down() > 0) {
          svg.append(", ").append(day.down()).append(" down");
        }
        if (day.degraded() > 0) {
          svg.append(", ").append(day.degraded()).append(" degraded");
        }
      }
      svg.append("</title></rect>");
    }
    return svg.append("</svg>").toString();
  }

  /** Colour by uptime; the title carries the same information as text. */
  static String colour(Double uptime) {
    if (uptime == null) {
      return "#c8c8c8";
    }
    if (uptime >= 99.9) {
      return "#1e6b34";
    }
    if (uptime >= 99.0) {
      return "#5d9e3a";
    }
    if (uptime >= 95.0) {
      return "#b7791f";
    }
    return "#a4161a";
  }
}

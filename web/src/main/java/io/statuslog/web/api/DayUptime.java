package io.statuslog.web.api;

import java.time.LocalDate;

/** One UTC day of one check: result counts and uptime percent (null with no results). */
public record DayUptime(LocalDate date, long up, long down, long degraded, Double uptime) {}

package io.statuslog.web.core;

import io.statuslog.web.api.CheckSummary;
import io.statuslog.web.api.Incident;
import io.statuslog.web.api.Snapshot;
import io.statuslog.web.api.Summary;

/** The summary view of a snapshot: overall state, checks without their series, open incidents. */
public final class Summaries {
  private Summaries() {}

  public static Summary of(Snapshot snapshot) {
    return new Summary(
        snapshot.dataAsOf(),
        snapshot.stale(),
        StatusPage.overall(snapshot.checks()),
        snapshot.checks().stream().map(CheckSummary::withoutSeries).toList(),
        snapshot.incidents().stream().filter(Incident::open).toList());
  }
}

package io.statuslog.web.core;

/** A check's current state on the page. */
public enum Status {
  UP,
  DEGRADED,
  DOWN,
  UNKNOWN
}

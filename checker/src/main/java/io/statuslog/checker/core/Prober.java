package io.statuslog.checker.core;

import java.time.Duration;

/**
 * Probes one target once, within a timeout, and says what it found. Never throws for anything
 * the network does: a timeout, a refused connection or a bad certificate is an outcome.
 */
@FunctionalInterface
public interface Prober {
  ProbeOutcome probe(Target target, Duration timeout);
}

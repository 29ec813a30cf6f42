package io.statuslog.schemas.kafka;

import java.time.Duration;

/**
 * The broker did not answer in time. Its own type, not an {@link IllegalStateException}, so a
 * command that answers a refusal with one exit code does not mistake an outage for one.
 */
public final class KafkaUnreachableException extends RuntimeException {
  /** How long an operator command waits for the broker before it says so. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  public KafkaUnreachableException(KafkaSettings kafka, Throwable cause) {
    super("cannot reach Kafka at " + kafka.bootstrapServers() + " within " + TIMEOUT.toSeconds() + " s; is the broker running? (`statuslog doctor` checks every service)", cause);
  }
}

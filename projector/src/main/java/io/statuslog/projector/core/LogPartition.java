package io.statuslog.projector.core;

/** One partition of one topic, kept free of Kafka client types so the core stays pure. */
public record LogPartition(String topic, int partition) {
  @Override
  public String toString() {
    return topic + "-" + partition;
  }
}

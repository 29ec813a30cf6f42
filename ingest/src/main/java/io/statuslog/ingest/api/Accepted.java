package io.statuslog.ingest.api;

/** The answer to a batch Kafka acknowledged: how many results, recorded as which agent in which region. */
public record Accepted(int accepted, String agent, String region) {}

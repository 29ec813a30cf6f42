package io.statuslog.schemas.kafka;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/** One topic: its name, the serdes of its keys and values, and the configs it is created with. */
public record Topic<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {}

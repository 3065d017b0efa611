package dev.affectstreams.config;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with the serdes of its keys and values; built once from configuration and passed
 * to whatever reads or writes it, tests included.
 *
 * @param compacted whether the topic keeps only the latest record per key
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

    public Topic {
        Objects.requireNonNull(name);
        Objects.requireNonNull(keySerde);
        Objects.requireNonNull(valueSerde);
    }

    @Override
    public String toString() {
        return name;
    }
}

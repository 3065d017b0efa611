package dev.affectstreams.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of this application's own (non-Streams) producers: idempotent, acknowledged by
 * all in-sync replicas, and one request in flight per connection. One in flight works around
 * KAFKA-15591 (fixed in Kafka 4.5): right after a topic is created, a first request refused with
 * NOT_LEADER_OR_FOLLOWER can be overtaken by a second that the broker accepts, after which the
 * first is refused with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires and its records are lost.
 * These producers send a few records per second, so the limit costs nothing that matters.
 */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** The client properties with this application's producer settings on top. */
    public static Map<String, Object> reliable(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return props;
    }
}

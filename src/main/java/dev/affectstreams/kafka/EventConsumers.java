package dev.affectstreams.kafka;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Consumers that see what a downstream application sees: committed records only (the live
 * path writes in transactions), from the beginning, each in a group of its own.
 */
public final class EventConsumers {

    private EventConsumers() {
    }

    /** A read_committed consumer of one topic, subscribed, in a fresh group named {@code groupPrefix-<uuid>}. */
    public static <K, V> KafkaConsumer<K, V> readCommitted(Map<String, Object> client, String topic, String groupPrefix,
                                                           Deserializer<K> keys, Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + "-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** A read_committed consumer of the expression events. */
    public static KafkaConsumer<String, ExpressionEvent> events(Map<String, Object> client, Topics topics,
                                                                String groupPrefix) {
        return readCommitted(client, topics.expressions().name(), groupPrefix, new StringDeserializer(),
                topics.expressions().valueSerde().deserializer());
    }
}

package dev.affectstreams.testing;

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

/** Consumers that see what a downstream application would: committed records only, from the beginning. */
public final class ReadCommitted {

    private ReadCommitted() {
    }

    /** A consumer of one topic, in a group of its own. */
    public static <K, V> KafkaConsumer<K, V> consumer(Map<String, Object> client, String topic, Deserializer<K> keys,
                                                      Deserializer<V> values) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "read-committed-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** A consumer of the expression events. */
    public static KafkaConsumer<String, ExpressionEvent> events(Map<String, Object> client, Topics topics) {
        return consumer(client, topics.expressions().name(), new StringDeserializer(),
                topics.expressions().valueSerde().deserializer());
    }
}

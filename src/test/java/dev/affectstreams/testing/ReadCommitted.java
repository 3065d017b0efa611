package dev.affectstreams.testing;

import static org.awaitility.Awaitility.await;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.EventConsumers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/** Consumers that see what a downstream application would: committed records only, from the beginning. */
public final class ReadCommitted {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration WINDOW_SLACK = Duration.ofSeconds(2);

    private ReadCommitted() {
    }

    /** A consumer of one topic, in a group of its own. */
    public static <K, V> KafkaConsumer<K, V> consumer(Map<String, Object> client, String topic, Deserializer<K> keys,
                                                      Deserializer<V> values) {
        return EventConsumers.readCommitted(client, topic, "read-committed", keys, values);
    }

    /** Reads values into {@code into} until it holds at least {@code atLeast}, failing after {@code atMost}. */
    public static <V> void collect(KafkaConsumer<?, V> consumer, List<V> into, int atLeast, Duration atMost) {
        await().atMost(atMost).until(() -> {
            consumer.poll(POLL).forEach(r -> into.add(r.value()));
            return into.size() >= atLeast;
        });
    }

    /**
     * Keeps reading for {@code window} and fails if {@code into} grows past {@code expected}
     * meanwhile: what a duplicate (or a late extra record) would do.
     */
    public static <V> void expectNoMore(KafkaConsumer<?, V> consumer, List<V> into, int expected, Duration window) {
        await().during(window).atMost(window.plus(WINDOW_SLACK)).until(() -> {
            consumer.poll(POLL).forEach(r -> into.add(r.value()));
            return into.size() <= expected;
        });
    }

    /** A consumer of the expression events. */
    public static KafkaConsumer<String, ExpressionEvent> events(Map<String, Object> client, Topics topics) {
        return EventConsumers.events(client, topics, "read-committed");
    }
}

package dev.affectstreams.kafka;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka cluster a command talks to: the configured brokers, or, when
 * {@code bootstrap.servers} is empty, an in-process broker started here and stopped on close.
 */
public final class KafkaConnection implements AutoCloseable {

    private final String bootstrapServers;
    private final Map<String, Object> passThrough;
    private final EmbeddedKafkaBroker embedded;

    private KafkaConnection(String bootstrapServers, Map<String, Object> passThrough, EmbeddedKafkaBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.passThrough = passThrough;
        this.embedded = embedded;
    }

    public static KafkaConnection open(EffectiveConfig config) {
        String configured = config.get(Settings.BOOTSTRAP_SERVERS);
        if (!configured.isBlank()) {
            return new KafkaConnection(configured, config.kafkaProperties(), null);
        }
        requirePossible(config);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.get(Settings.EMBEDDED_DATA_DIR),
                config.get(Settings.EMBEDDED_PORT), EmbeddedSecurity.from(config));
        return new KafkaConnection(broker.bootstrapServers(), config.kafkaProperties(), broker);
    }

    /**
     * Fails at once, before any slow start-up work, when {@link #open} could not connect: no
     * {@code bootstrap.servers} in a build without the in-process broker.
     */
    public static void requirePossible(EffectiveConfig config) {
        if (config.get(Settings.BOOTSTRAP_SERVERS).isBlank()) {
            InProcessBroker.require();
        }
    }

    /** Whether this connection is to an in-process broker started for it. */
    public boolean embedded() {
        return embedded != null;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Properties every client gets: the pass-through {@code kafka.*} settings and the bootstrap servers. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>(passThrough);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

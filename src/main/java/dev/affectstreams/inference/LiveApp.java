package dev.affectstreams.inference;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.DeadLetterCounts;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the live topology in Kafka Streams: exactly-once processing, dead letters for
 * undecodable input, the HTTP endpoint advertised to other instances; owns start, a bounded
 * close, the state and the uncaught-exception policy (a fatal error shuts the client down and
 * is reported, rather than looping). What the topology needs is built by its owner.
 */
public final class LiveApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Throwable fatal;

    public LiveApp(EffectiveConfig config, Map<String, Object> clientProperties, Topology topology) {
        this(config, clientProperties, topology, new DeadLetterCounts());
    }

    /** @param deadLetters counts the dead letters of undecodable input */
    public LiveApp(EffectiveConfig config, Map<String, Object> clientProperties, Topology topology,
                   DeadLetterCounts deadLetters) {
        Properties props = streamsProperties(config, clientProperties);
        props.put(DeadLetterDeserializationHandler.COUNTS, deadLetters);
        streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            fatal = e;
            LOG.error("The live path stopped on an unrecoverable error", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Live path {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** The Kafka Streams configuration of the live path. */
    static Properties streamsProperties(EffectiveConfig config, Map<String, Object> clientProperties) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(Settings.APPLICATION_ID));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR).toString());
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, config.get(Settings.STREAMS_GROUP_PROTOCOL));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Settings.TOPIC_REPLICATION));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        // the global consent store's processing errors go to the same handler as the stream threads'
        // (and Kafka Streams stops warning at every start that they do not)
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // the partition assignor reads a streams configuration of its own from the main consumer's
        // settings, and warns again unless they carry it too
        props.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), true);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, Topics.from(config).dlq().name());
        props.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), 4 * 1024 * 1024);
        if (config.get(Settings.HTTP_PORT) >= 0) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.get(Settings.HTTP_HOST) + ":"
                    + config.get(Settings.HTTP_PORT));
        }
        return props;
    }

    public void start() {
        streams.start();
    }

    /** The Kafka Streams client, for queries and metrics binders. */
    public KafkaStreams streams() {
        return streams;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Blocks until the application stops; returns the fatal error, if that is why. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatal;
    }

    /** Stops processing, within a bound; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // bounded: with the brokers away a close would otherwise wait for them forever. The instance
        // leaves the group, so its partitions move at once rather than after the session timeout.
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("The live path did not stop within {} s; closing the rest anyway", CLOSE_TIMEOUT.toSeconds());
        }
    }
}

package dev.affectstreams.inference;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import ai.djl.Device;
import dev.affectstreams.model.Devices;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.Release;
import dev.affectstreams.kafka.DeadLetterDeserializationHandler;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the live topology: exactly-once processing, dead letters for undecodable input, one
 * model per stream thread; owns start, close, state and the uncaught-exception policy (a fatal
 * error shuts the client down and is reported, rather than looping).
 */
public final class LiveApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveApp.class);

    private final KafkaStreams streams;
    private final ThreadModels models;
    private final ArtifactStore store;
    private final ServedReleases releases;
    private final EventRules rules;
    private final dev.affectstreams.kafka.CompactedTopicAudit audit;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable fatal;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param initial the release the line starts from (see {@link LiveModels#initial}); its
     *                backbones are the ones this process runs, and the models topic says which
     *                release of its line is served
     */
    public LiveApp(EffectiveConfig config, Map<String, Object> clientProperties, Release initial,
                   InferenceSettings inference) {
        this.rules = EventRules.defaults(config.get(Settings.CONSENT_REQUIRED),
                Double.parseDouble(config.get(Settings.TAP_FRACTION)));
        Topics topics = Topics.from(config);
        Device device = Devices.parse(config.get(Settings.DEVICE));
        this.store = ArtifactStore.configured(config);
        this.releases = new ServedReleases(initial, store, topics.models(), clientProperties,
                ServedReleases.loadAndScore(device), rules.counters());
        this.models = new ThreadModels(() -> LiveModel.open(initial, device));
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(Settings.APPLICATION_ID));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.get(Settings.STATE_DIR).toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(Settings.TOPIC_REPLICATION));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DLQ_TOPIC, topics.dlq().name());
        props.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), 4 * 1024 * 1024);
        if (config.get(Settings.HTTP_PORT) >= 0) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.get(Settings.HTTP_HOST) + ":"
                    + config.get(Settings.HTTP_PORT));
        }
        streams = new KafkaStreams(LiveTopology.build(topics,
                SyncSettings.defaults().withLimits(dev.affectstreams.sync.InputLimits.from(config)), new SyncCounters(), inference,
                rules, models, releases), props);
        this.audit = new dev.affectstreams.kafka.CompactedTopicAudit(clientProperties,
                config.get(Settings.APPLICATION_ID) + "-audit", topics.dlq().name(), List.of(
                new dev.affectstreams.kafka.CompactedTopicAudit.Audited(topics.consent().name(), "consent",
                        dev.affectstreams.events.ConsentRecords::refusal),
                new dev.affectstreams.kafka.CompactedTopicAudit.Audited(topics.models().name(), "registry",
                        dev.affectstreams.registry.AnnouncementCheck::refusal)));
        streams.setUncaughtExceptionHandler(e -> {
            fatal = e;
            LOG.error("The live path stopped on an unrecoverable error", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Live path {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /** Reads the models topic (swapping to its live release first), then starts processing. */
    public void start() throws java.io.IOException {
        releases.start();
        streams.start();
        audit.start();
    }

    /** The releases served, followed on the models topic. */
    public ServedReleases releases() {
        return releases;
    }

    public dev.affectstreams.events.LiveCounters counters() {
        return rules.counters();
    }

    /** The Kafka Streams client, for metrics binders. */
    public KafkaStreams streams() {
        return streams;
    }

    public StateQueries queries() {
        return new StateQueries(streams, rules.consent());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Blocks until the application stops; returns the fatal error, if that is why. */
    public Throwable awaitStop() throws InterruptedException {
        stopped.await();
        return fatal;
    }

    /** Stops processing, then the release follower and the models; idempotent (a shutdown hook and the owner may both call it). */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        audit.close();
        // bounded: with the brokers away a close would otherwise wait for them forever
        if (!streams.close(java.time.Duration.ofSeconds(60))) {
            LOG.warn("The live path did not stop within 60 s; closing its models anyway");
        }
        releases.close();
        store.close();
        models.close();
    }
}

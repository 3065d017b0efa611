package dev.affectstreams.app;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.ConsentRecords;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.inference.EventRules;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.inference.LiveApp;
import dev.affectstreams.inference.LiveTopology;
import dev.affectstreams.inference.ServedReleases;
import dev.affectstreams.inference.StateQueries;
import dev.affectstreams.inference.ThreadModels;
import dev.affectstreams.kafka.CompactedTopicAudit.Audited;
import dev.affectstreams.kafka.CompactedTopicAudit;
import dev.affectstreams.ops.LiveMetrics;
import dev.affectstreams.registry.AnnouncementCheck;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sync.InputLimits;
import dev.affectstreams.sync.SyncCounters;
import dev.affectstreams.sync.SyncSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live path of one process, built from configuration: the artifact store, the served
 * releases (following the models topic), one model per stream thread, the topology run by a
 * {@link LiveApp}, and the audit of the compacted topics. Starts them in order and closes them
 * in reverse; whatever was built before a failure is closed.
 */
public final class LivePath implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LivePath.class);

    private final EventRules rules;
    private final SyncCounters sync = new SyncCounters();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final ArtifactStore store;
    private final ServedReleases releases;
    private final ThreadModels models;
    private final LiveApp app;
    private final CompactedTopicAudit audit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Object> clientProperties;
    private final Topics topics;

    /**
     * @param initial the release the line starts from (see {@link ServedLine#initial}); its
     *                backbones are the ones this process runs, and the models topic says which
     *                release of its line is served
     */
    public LivePath(EffectiveConfig config, Map<String, Object> clientProperties, Release initial,
                    InferenceSettings inference) {
        this.rules = EventRules.defaults(config.get(Settings.CONSENT_REQUIRED), config.get(Settings.TAP_FRACTION));
        Topics topics = Topics.from(config);
        this.topics = topics;
        this.clientProperties = Map.copyOf(clientProperties);
        String device = config.get(Settings.DEVICE);
        try {
            this.store = own(ArtifactStore.configured(config));
            this.models = own(ThreadModels.of(initial, device));
            this.releases = own(new ServedReleases(initial, store, topics.models(), clientProperties,
                    ServedReleases.loadAndScore(device), rules.counters()));
            this.app = own(new LiveApp(config, clientProperties, LiveTopology.build(topics,
                    SyncSettings.defaults().withLimits(InputLimits.from(config)), sync, inference,
                    rules, models, releases), rules.counters().deadLetters));
            this.audit = own(new CompactedTopicAudit(clientProperties, config.get(Settings.APPLICATION_ID) + "-audit",
                    topics.dlq().name(), List.of(
                    new Audited(topics.consent().name(), "consent", ConsentRecords::refusal),
                    new Audited(topics.models().name(), "registry", AnnouncementCheck::refusal)),
                    rules.counters().deadLetters));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T part) {
        owned.add(part);
        return part;
    }

    /** Reads the models topic (swapping to its live release first), then starts processing. */
    public void start() throws IOException {
        releases.start();
        app.start();
        audit.start();
    }

    /** The releases served, followed on the models topic. */
    public ServedReleases releases() {
        return releases;
    }

    public LiveCounters counters() {
        return rules.counters();
    }

    /** The synchronization's outcomes (slots on, gave up, duplicates, late chunks). */
    public SyncCounters syncCounters() {
        return sync;
    }

    /** The Kafka Streams client, for metrics binders. */
    public KafkaStreams streams() {
        return app.streams();
    }

    /** What the live path's metrics are read from. */
    public LiveMetrics.Sources metricsSources() {
        return new LiveMetrics.Sources(app.streams(), rules.counters(), sync, releases::current, queries()::localPins);
    }

    /** How this path reaches the cluster. */
    public Map<String, Object> clientProperties() {
        return clientProperties;
    }

    public Topics topics() {
        return topics;
    }

    public StateQueries queries() {
        return new StateQueries(app.streams(), rules.consent());
    }

    public KafkaStreams.State state() {
        return app.state();
    }

    /** Blocks until the application stops; returns the fatal error, if that is why. */
    public Throwable awaitStop() throws InterruptedException {
        return app.awaitStop();
    }

    /**
     * Stops the audit, then processing, then the release follower, the store and the models;
     * idempotent (a shutdown hook and the owner may both call it).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // reverse order of building: the stream threads stop before the models they use close
        List<AutoCloseable> reversed = new ArrayList<>(owned);
        Collections.reverse(reversed);
        Exception failure = Closing.closeAll(reversed.toArray(AutoCloseable[]::new));
        if (failure != null) {
            LOG.warn("Closing the live path failed", failure);
        }
    }
}

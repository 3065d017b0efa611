package dev.affectstreams.app;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Start-up and shutdown of a live processor, as {@code process} and {@code demo} run it: the
 * configured (or starter) release, the connection to the cluster, the query API bound and
 * advertised, the topics made, the line's live release, the live path started, the API
 * answering. Closing stops them in reverse.
 */
public final class LiveService implements AutoCloseable {

    private final KafkaConnection kafka;
    private final QueryApi api;
    private final LivePath live;
    private final EffectiveConfig config;
    private boolean closed;

    private LiveService(KafkaConnection kafka, QueryApi api, LivePath live, EffectiveConfig config) {
        this.kafka = kafka;
        this.api = api;
        this.live = live;
        this.config = config;
    }

    /** Starts the live path; whatever was started before a failure is closed again. */
    public static LiveService start(EffectiveConfig config, Consumer<String> log) throws IOException {
        KafkaConnection.requirePossible(config);
        Release configured = ServedLine.configured(config, log);
        KafkaConnection kafka = KafkaConnection.open(config);
        QueryApi api = null;
        LivePath live = null;
        try {
            api = QueryApi.bind(config);
            EffectiveConfig advertised = api.advertise(config);
            Release release = ServedLine.prepare(advertised, kafka, configured, log);
            live = new LivePath(advertised, kafka.clientProperties(), release, InferenceSettings.from(advertised));
            live.start();
            api.start(live);
            return new LiveService(kafka, api, live, advertised);
        } catch (IOException | RuntimeException e) {
            closeAll(live, api, kafka);
            throw e;
        }
    }

    /** The connection to the cluster (in-process broker or not). */
    public KafkaConnection kafka() {
        return kafka;
    }

    public LivePath live() {
        return live;
    }

    /** The configuration as started (the HTTP port bound). */
    public EffectiveConfig config() {
        return config;
    }

    /** One line about the release served and the API, for the console. */
    public String describe() {
        var current = live.releases().current().manifest();
        return "release " + current.modelName() + " " + current.version() + "; " + api.describe();
    }

    /** Blocks until the live path stops; returns the fatal error, if that is why. */
    public Throwable awaitStop() throws InterruptedException {
        return live.awaitStop();
    }

    /** Idempotent: a shutdown hook and the owner may both call it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(live, api, kafka);
    }

    private static void closeAll(AutoCloseable... parts) {
        Exception failure = Closing.closeAll(parts);
        if (failure != null) {
            throw new IllegalStateException("closing the live service failed: " + failure.getMessage(), failure);
        }
    }
}

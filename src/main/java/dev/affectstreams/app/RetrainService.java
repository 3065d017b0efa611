package dev.affectstreams.app;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.ops.RetrainMetrics;
import dev.affectstreams.ops.WorkerEndpoint;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.retrain.ReplayBuffer;
import dev.affectstreams.retrain.RetrainWorker;
import dev.affectstreams.retrain.RetrainingRound;
import dev.affectstreams.retrain.RoundReport;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Start-up and shutdown of the retraining worker of the served model line, as {@code retrain}
 * runs it: the configured (or starter) release, the connection, the topics, the line's live
 * release, the registry, the line's replay buffer and the worker. {@link #stop} ends
 * {@link #run} from another thread; closing releases everything in reverse.
 */
public final class RetrainService implements AutoCloseable {

    private final KafkaConnection kafka;
    private final ModelRegistry registry;
    private final ReplayBuffer buffer;
    private final RetrainWorker worker;
    private final RetrainMetrics metrics;
    private final WorkerEndpoint endpoint;
    private final String line;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private RetrainService(KafkaConnection kafka, ModelRegistry registry, ReplayBuffer buffer, RetrainWorker worker,
                           RetrainMetrics metrics, WorkerEndpoint endpoint, String line) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.kafka = kafka;
        this.registry = registry;
        this.buffer = buffer;
        this.worker = worker;
        this.line = line;
    }

    /**
     * Opens the worker; whatever was opened before a failure is closed again. The tensor engine's
     * thread count ({@code retrain.threads}) must have been set before anything ran a tensor.
     */
    public static RetrainService open(EffectiveConfig config, Consumer<String> log, Consumer<RoundReport> reports)
            throws IOException {
        KafkaConnection.requirePossible(config);
        Release configured = ServedLine.configured(config, log);
        KafkaConnection kafka = KafkaConnection.open(config);
        ModelRegistry registry = null;
        ReplayBuffer buffer = null;
        RetrainMetrics metrics = null;
        WorkerEndpoint endpoint = null;
        try {
            Release initial = ServedLine.prepare(config, kafka, configured, log);
            String line = initial.manifest().modelName();
            registry = ModelRegistry.configured(config, kafka.clientProperties());
            buffer = ReplayBuffer.open(config.get(Settings.RETRAIN_DIR).resolve(line).resolve("buffer"),
                    config.get(Settings.RETRAIN_BUFFER_CAPACITY));
            metrics = new RetrainMetrics(buffer);
            RetrainWorker worker = new RetrainWorker(line, buffer, registry, Topics.from(config),
                    kafka.clientProperties(), config.get(Settings.APPLICATION_ID) + "-retrain-" + line,
                    RetrainingRound.Options.from(config),
                    new RetrainWorker.Schedule(config.get(Settings.RETRAIN_MIN_NEW), config.get(Settings.RETRAIN_INTERVAL)),
                    Clock.systemUTC(), metrics.andThen(reports));
            metrics.samplesFrom(worker);
            int port = config.get(Settings.RETRAIN_HTTP_PORT);
            if (port >= 0) {
                endpoint = new WorkerEndpoint(config.get(Settings.HTTP_BIND), port, worker::polling, metrics::scrape)
                        .start();
            }
            return new RetrainService(kafka, registry, buffer, worker, metrics, endpoint, line);
        } catch (IOException | RuntimeException e) {
            Exception closing = Closing.closeAll(endpoint, metrics, buffer, registry, kafka);
            if (closing != null) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public String modelLine() {
        return line;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    /** Where {@code /health} and {@code /metrics} are served, or a note that they are off. */
    public String describeEndpoint(String host) {
        return endpoint == null ? "health and metrics off (retrain.http.port -1)"
                : "health at http://" + host + ":" + endpoint.port() + "/health, metrics at /metrics";
    }

    /** Runs rounds until {@link #stop}. */
    public void run() throws IOException {
        worker.run();
    }

    /** Ends {@link #run}; safe from a shutdown hook. */
    public void stop() {
        if (stopped.compareAndSet(false, true)) {
            worker.close();
        }
    }

    @Override
    public void close() throws IOException {
        try (kafka; registry; buffer; metrics) {
            stop();
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }
}

package dev.affectstreams.app;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.kafka.KafkaConnection;
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
    private final String line;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private RetrainService(KafkaConnection kafka, ModelRegistry registry, ReplayBuffer buffer, RetrainWorker worker,
                           String line) {
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
        try {
            Release initial = ServedLine.prepare(config, kafka, configured, log);
            String line = initial.manifest().modelName();
            registry = ModelRegistry.configured(config, kafka.clientProperties());
            buffer = ReplayBuffer.open(config.get(Settings.RETRAIN_DIR).resolve(line).resolve("buffer"),
                    config.get(Settings.RETRAIN_BUFFER_CAPACITY));
            RetrainWorker worker = new RetrainWorker(line, buffer, registry, Topics.from(config),
                    kafka.clientProperties(), config.get(Settings.APPLICATION_ID) + "-retrain-" + line,
                    RetrainingRound.Options.from(config),
                    new RetrainWorker.Schedule(config.get(Settings.RETRAIN_MIN_NEW), config.get(Settings.RETRAIN_INTERVAL)),
                    Clock.systemUTC(), reports);
            return new RetrainService(kafka, registry, buffer, worker, line);
        } catch (IOException | RuntimeException e) {
            Exception closing = Closing.closeAll(buffer, registry, kafka);
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
        try (kafka; registry; buffer) {
            stop();
        }
    }
}

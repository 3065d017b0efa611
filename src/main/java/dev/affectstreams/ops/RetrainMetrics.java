package dev.affectstreams.ops;

import dev.affectstreams.retrain.ReplayBuffer;
import dev.affectstreams.retrain.RetrainWorker;
import dev.affectstreams.retrain.RoundOutcome;
import dev.affectstreams.retrain.RoundReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Metrics of the retraining worker in Prometheus format: rounds by outcome
 * ({@code affect_retrain_rounds_total{outcome}}), their duration
 * ({@code affect_retrain_round_seconds}, a histogram), the replay buffer
 * ({@code affect_retrain_buffer_samples}, {@code _labelled}, {@code _new}), samples read by what the
 * buffer made of them ({@code affect_retrain_samples_in_total{kind}}: new, labelled, duplicate,
 * undecodable), the last round's held-out metrics ({@code affect_retrain_last_round_metric{name}})
 * and JVM memory.
 */
public final class RetrainMetrics implements AutoCloseable {

    private static final Duration[] ROUND_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
        Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<RoundOutcome, Counter> rounds = new EnumMap<>(RoundOutcome.class);
    private final Timer duration;
    private final Map<String, Double> lastMetrics = new ConcurrentHashMap<>();

    /** Metrics of the buffer; {@link #samplesFrom} adds the worker's, {@link #round} each round. */
    public RetrainMetrics(ReplayBuffer buffer) {
        new JvmMemoryMetrics().bindTo(registry);
        for (RoundOutcome outcome : RoundOutcome.values()) {
            rounds.put(outcome, Counter.builder("affect.retrain.rounds").tag("outcome", label(outcome))
                    .description("retraining rounds by how they ended").register(registry));
        }
        duration = Timer.builder("affect.retrain.round").description("time of one retraining round")
                .serviceLevelObjectives(ROUND_BUCKETS).register(registry);
        Gauge.builder("affect.retrain.buffer.samples", buffer, ReplayBuffer::size)
                .description("samples in the replay buffer").register(registry);
        Gauge.builder("affect.retrain.buffer.labelled", buffer, ReplayBuffer::labelled)
                .description("labelled samples in the replay buffer").register(registry);
        Gauge.builder("affect.retrain.buffer.new", buffer, ReplayBuffer::newSinceRound)
                .description("samples added since the last round").register(registry);
        Gauge.builder("affect.retrain.buffer.capacity", buffer, ReplayBuffer::capacity).register(registry);
    }

    /** Counts the samples the worker reads. */
    public RetrainMetrics samplesFrom(RetrainWorker worker) {
        for (ReplayBuffer.Added kind : ReplayBuffer.Added.values()) {
            FunctionCounter.builder("affect.retrain.samples.in", worker, w -> w.samplesIn(kind))
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description("samples read from ssl.samples, by what the buffer made of them").register(registry);
        }
        FunctionCounter.builder("affect.retrain.samples.in", worker, RetrainWorker::undecodable)
                .tag("kind", "undecodable").register(registry);
        return this;
    }

    private static String label(RoundOutcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    /** Records each finished round, then hands it on. */
    public Consumer<RoundReport> andThen(Consumer<RoundReport> next) {
        return report -> {
            round(report);
            next.accept(report);
        };
    }

    /** Records a finished round. */
    public void round(RoundReport report) {
        rounds.get(report.outcome()).increment();
        duration.record(Duration.ofMillis(Math.round(report.seconds() * 1000)));
        report.metrics().forEach((name, value) -> {
            if (lastMetrics.put(name, value) == null) {
                Gauge.builder("affect.retrain.last.round.metric", lastMetrics, m -> m.getOrDefault(name, Double.NaN))
                        .tag("name", name).description("a held-out metric of the last round that measured it")
                        .register(registry);
            }
        });
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        registry.close();
    }
}

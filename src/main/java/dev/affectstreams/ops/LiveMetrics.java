package dev.affectstreams.ops;

import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.sync.SyncCounters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Metrics of a live application in Prometheus format: every Kafka Streams client metric (lag,
 * rates, latencies, commit times), JVM memory, the live path's own counters (events, consent
 * refusals, tapped samples, state changes, dead letters), the synchronization's outcomes, and
 * two histograms: the end-to-end latency of events (chunk produced to event made,
 * {@code affect_event_latency_seconds}) and the micro-batch sizes
 * ({@code affect_inference_batch_size}).
 */
public final class LiveMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;

    public LiveMetrics(KafkaStreams streams, LiveCounters counters, SyncCounters sync) {
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        FunctionCounter.builder("affect.events", counters.events, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.slots.no_consent", counters.noConsent, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.slots.blocked_context", counters.blockedContext, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.samples.tapped", counters.tapped, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.labels.paired", counters.labelsPaired, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.labels.unpaired", counters.labelsUnpaired, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.swapped", counters.releaseSwaps, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.failed", counters.releaseFailures, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.state.changes", counters.stateChanges, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.bad_announcements", counters.badAnnouncements, c -> c.get())
                .register(registry);
        FunctionCounter.builder("affect.consent.bad_records", counters.badConsent, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.dead_letters", counters.deadLetters, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.participants.forgotten", counters.forgotten, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.sync.slots", sync, SyncCounters::emitted)
                .description("slots sent on to inference").register(registry);
        FunctionCounter.builder("affect.sync.gave_up", sync, SyncCounters::audioMissing).tag("modality", "audio")
                .description("slots sent on without a modality that never came").register(registry);
        FunctionCounter.builder("affect.sync.gave_up", sync, SyncCounters::videoMissing).tag("modality", "video")
                .register(registry);
        FunctionCounter.builder("affect.sync.duplicates", sync, SyncCounters::duplicates).register(registry);
        FunctionCounter.builder("affect.sync.late", sync, SyncCounters::late)
                .description("chunks that came after their slot went on, dead-lettered").register(registry);
        Timer latency = Timer.builder("affect.event.latency")
                .description("from the chunk being produced to its event being made")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        DistributionSummary batches = DistributionSummary.builder("affect.inference.batch.size")
                .description("chunks per inference micro-batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        counters.recordTo(new LiveCounters.Recorder() {
            @Override
            public void batch(int size) {
                batches.record(size);
            }

            @Override
            public void eventLatency(long millis) {
                latency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
            }
        });
    }

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
        Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        registry.close();
    }
}

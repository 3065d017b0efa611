package dev.affectstreams.ops;

import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.events.LiveCounters.Stage;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sync.SyncCounters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Metrics of a live application in Prometheus format: every Kafka Streams client metric (lag,
 * rates, latencies, commit times), JVM memory, the live path's own counters (events, consent
 * refusals, tapped samples, state changes), dead letters by stage and reason class
 * ({@code affect_dead_letters_total}), the synchronization's outcomes, histograms of the
 * end-to-end latency of events ({@code affect_event_latency_seconds}), the micro-batch sizes
 * and waits ({@code affect_inference_batch_size}, {@code affect_inference_batch_wait_seconds})
 * and the time of each stage of a micro-batch ({@code affect_stage_seconds}), and gauges of the
 * served release ({@code affect_release_served}) and of the streams pinned to each release
 * ({@code affect_release_pinned_streams}).
 */
public final class LiveMetrics implements AutoCloseable {

    /** What the metrics are read from. */
    public record Sources(KafkaStreams streams, LiveCounters counters, SyncCounters sync, Supplier<Release> served,
                          Supplier<Map<String, Long>> pins) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final Sources sources;
    private final MultiGauge served;
    private final MultiGauge pinned;

    public LiveMetrics(Sources sources) {
        this.sources = sources;
        LiveCounters counters = sources.counters();
        SyncCounters sync = sources.sync();
        streamsMetrics = new KafkaStreamsMetrics(sources.streams());
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        FunctionCounter.builder("affect.events", counters.events, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.slots.no_consent", counters.noConsent, c -> c.get())
                .description("slots refused because no consent record allows inference").register(registry);
        FunctionCounter.builder("affect.slots.blocked_context", counters.blockedContext, c -> c.get())
                .description("slots refused because the call's context forbids inference").register(registry);
        FunctionCounter.builder("affect.samples.tapped", counters.tapped, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.labels.paired", counters.labelsPaired, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.labels.unpaired", counters.labelsUnpaired, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.swapped", counters.releaseSwaps, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.failed", counters.releaseFailures, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.state.changes", counters.stateChanges, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.releases.bad_announcements", counters.badAnnouncements, c -> c.get())
                .register(registry);
        FunctionCounter.builder("affect.consent.bad_records", counters.badConsent, c -> c.get()).register(registry);
        FunctionCounter.builder("affect.participants.forgotten", counters.forgotten, c -> c.get()).register(registry);
        counters.deadLetters.onNewKind((kind, count) -> FunctionCounter.builder("affect.dead_letters", count,
                        LongAdder::sum).tags("stage", kind.stage(), "reason", kind.reasonClass())
                .description("inputs refused to the dead-letter topic").register(registry));
        FunctionCounter.builder("affect.sync.slots", sync, SyncCounters::emitted)
                .description("slots sent on to inference").register(registry);
        FunctionCounter.builder("affect.sync.gave_up", sync, SyncCounters::audioMissing).tag("modality", "audio")
                .description("slots sent on without a modality that never came").register(registry);
        FunctionCounter.builder("affect.sync.gave_up", sync, SyncCounters::videoMissing).tag("modality", "video")
                .register(registry);
        FunctionCounter.builder("affect.sync.duplicates", sync, SyncCounters::duplicates).register(registry);
        FunctionCounter.builder("affect.sync.late", sync, SyncCounters::late)
                .description("chunks that came after their slot went on, dead-lettered").register(registry);
        served = MultiGauge.builder("affect.release.served")
                .description("1 for the release of each model line served to new streams").register(registry);
        pinned = MultiGauge.builder("affect.release.pinned.streams")
                .description("participant streams pinned to each release on this instance").register(registry);
        Timer latency = Timer.builder("affect.event.latency")
                .description("from the chunk being produced to its event being made")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        Timer wait = Timer.builder("affect.inference.batch.wait")
                .description("how long a micro-batch's oldest chunk waited for the batch to run")
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, Timer.builder("affect.stage").tag("stage", stage.label())
                    .description("time of one stage of one micro-batch").serviceLevelObjectives(STAGE_BUCKETS)
                    .register(registry));
        }
        DistributionSummary batches = DistributionSummary.builder("affect.inference.batch.size")
                .description("chunks per inference micro-batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64).register(registry);
        counters.recordTo(new LiveCounters.Recorder() {
            @Override
            public void batch(int size) {
                batches.record(size);
            }

            @Override
            public void batchWait(long millis) {
                wait.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
            }

            @Override
            public void eventLatency(long millis) {
                latency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
            }

            @Override
            public void stage(Stage stage, long nanos) {
                stages.get(stage).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            }
        });
    }

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1),
        Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};
    private static final Duration[] STAGE_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5)};

    /** The Prometheus text exposition (the release gauges read as of now). */
    public String scrape() {
        Release current = sources.served().get();
        served.register(List.of(MultiGauge.Row.of(Tags.of("line", current.manifest().modelName(), "version",
                current.manifest().version()), 1)), true);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        sources.pins().get().forEach((version, count) -> rows.add(MultiGauge.Row.of(Tags.of("version", version),
                count)));
        pinned.register(rows, true);
        return registry.scrape();
    }

    @Override
    public void close() {
        streamsMetrics.close();
        registry.close();
    }
}

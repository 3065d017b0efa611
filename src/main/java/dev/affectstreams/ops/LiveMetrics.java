package dev.affectstreams.ops;

import dev.affectstreams.events.LiveCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Metrics of a live application in Prometheus format: every Kafka Streams client metric (lag,
 * rates, latencies, commit times), JVM memory, and the live path's own counters (events,
 * consent refusals, tapped samples, state changes).
 */
public final class LiveMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;

    public LiveMetrics(KafkaStreams streams, LiveCounters counters) {
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
    }

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

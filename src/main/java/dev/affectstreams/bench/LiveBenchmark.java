package dev.affectstreams.bench;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.inference.LiveHeads;
import dev.affectstreams.inference.LiveModel;
import dev.affectstreams.ingest.CapturedSecond;
import dev.affectstreams.ingest.ChunkEncoder;
import dev.affectstreams.ingest.ChunkPublisher;
import dev.affectstreams.ingest.Pacer;
import dev.affectstreams.kafka.EventConsumers;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.media.MediaChunk;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.registry.Release;
import dev.affectstreams.sim.ParticipantSecond;
import dev.affectstreams.sim.SimulatedCall;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * N simulated participants published in real time through the broker and the live path for a
 * fixed time: chunks/s, events/s, end-to-end latency percentiles (chunk end to event), the
 * batch sizes the processor formed, and, in the same run, the bare throughput of the same
 * backbones and heads at those batch sizes without Kafka.
 */
public final class LiveBenchmark {

    private LiveBenchmark() {
    }

    /** One run with N participants. */
    public record Run(int participants, int seconds, long chunks, long events, double chunksPerSecond,
                      double eventsPerSecond, long p50Ms, long p95Ms, long p99Ms, Map<Integer, Long> batchSizes,
                      boolean realTime) {
    }

    /** Bare model throughput at one batch size. */
    public record Bare(int batch, double chunksPerSecond) {
    }

    public static Run run(EffectiveConfig config, KafkaConnection kafka, Release release, int participants, int seconds,
                          Consumer<String> log) throws Exception {
        Topics topics = Topics.from(config);
        String call = "bench-" + participants + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= participants; i++) {
            keys.add(call + "/p" + i);
        }
        try (LivePath app = new LivePath(config.with(Settings.HTTP_PORT, -1), kafka.clientProperties(),
                release, InferenceSettings.from(config));
             KafkaConsumer<String, ExpressionEvent> consumer = consumer(kafka, topics)) {
            app.start();
            warmUp(kafka, topics, consumer, call);
            Consents.allow(kafka.clientProperties(), topics, keys);
            Thread publisher = new Thread(() -> publish(kafka, topics, call, participants, seconds), "bench-ingest");
            publisher.start();
            List<Long> latencies = new ArrayList<>();
            long start = System.nanoTime();
            long expected = (long) participants * seconds;
            long deadline = start + Duration.ofSeconds(seconds + 30L).toNanos();
            while (latencies.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getCallId().equals(call)) {
                        latencies.add(r.value().getLatencyMs());
                    }
                });
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            publisher.join();
            latencies.sort(Long::compare);
            Map<Integer, Long> batches = new LinkedHashMap<>();
            for (int i = 0; i < app.counters().batchSizes.length(); i++) {
                if (app.counters().batchSizes.get(i) > 0) {
                    batches.put(i, app.counters().batchSizes.get(i));
                }
            }
            long p95 = percentile(latencies, 0.95);
            boolean realTime = latencies.size() == expected && p95 < 2000;
            Run run = new Run(participants, seconds, expected, latencies.size(), expected / elapsed,
                    latencies.size() / elapsed, percentile(latencies, 0.5), p95, percentile(latencies, 0.99), batches,
                    realTime);
            log.accept(String.format("%2d participants: %d/%d events, %.1f events/s, latency p50 %d p95 %d p99 %d ms, "
                    + "batches %s -> %s", participants, run.events(), expected, run.eventsPerSecond(), run.p50Ms(),
                    run.p95Ms(), run.p99Ms(), batches, realTime ? "real time" : "falls behind"));
            return run;
        }
    }

    /**
     * Starts the processor's model and lets the group settle: three warm-up slots of a separate
     * call must come out as events before the measured call starts.
     */
    static void warmUp(KafkaConnection kafka, Topics topics, KafkaConsumer<String, ExpressionEvent> consumer,
                               String call) {
        String warm = call + "-warmup";
        Consents.allow(kafka.clientProperties(), topics, List.of(warm + "/p1"));
        Thread t = new Thread(() -> publish(kafka, topics, warm, 1, 3), "bench-warmup");
        t.start();
        int[] seen = {0};
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (seen[0] < 3 && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen[0] += r.value().getCallId().equals(warm) ? 1 : 0);
        }
        if (seen[0] < 3) {
            throw new IllegalStateException("the live path produced no warm-up events within 90 s");
        }
    }

    /** The same backbones and heads on in-memory chunks, no Kafka. */
    public static List<Bare> bare(Release release, String device, List<Integer> batches) throws Exception {
        List<Bare> out = new ArrayList<>();
        try (LiveModel model = LiveModel.open(release, Devices.parse(device))) {
            LiveHeads heads = model.heads(release, 0);
            SimulatedCall call = new SimulatedCall("bare", 1, 5, 160, 120, 10);
            ParticipantSecond second = call.next().get(0);
            MediaChunk chunk = new MediaChunk(0, second.frames(), second.frameOffsetsMicros(), second.audio(), 10);
            for (int batch : batches) {
                List<MediaChunk> chunks = Collections.nCopies(batch, chunk);
                run(model, heads, chunks);
                long start = System.nanoTime();
                int rounds = 0;
                while ((System.nanoTime() - start) < 3e9 || rounds < 2) {
                    run(model, heads, chunks);
                    rounds++;
                }
                out.add(new Bare(batch, rounds * (double) batch / ((System.nanoTime() - start) / 1e9)));
            }
        }
        return out;
    }

    private static void run(LiveModel model, LiveHeads heads, List<MediaChunk> chunks) {
        for (FeatureExtractor.ChunkFeatures f : model.extractor().extract(chunks)) {
            Map<Modality, float[]> v = f.vectors();
            heads.scores(v);
        }
    }

    static void publish(KafkaConnection kafka, Topics topics, String callId, int participants, int seconds) {
        publish(kafka.clientProperties(), topics, new SimulatedCall(callId, participants, 11, 160, 120, 10), callId,
                seconds, started -> { });
    }

    /**
     * Publishes {@code seconds} of a simulated call in real time, each second once it has ended.
     *
     * @param started told the call's start (the clock the chunks' capture times count from) first
     */
    static void publish(Map<String, Object> client, Topics topics, SimulatedCall call, String callId, int seconds,
                        Consumer<Instant> started) {
        try (ChunkPublisher publisher = new ChunkPublisher(client, topics, new ChunkEncoder(0.8f), 1_000_000,
                Clock.systemUTC())) {
            started.accept(publisher.callStart());
            Pacer pacer = new Pacer(publisher.callStart());
            for (int s = 0; s < seconds; s++) {
                pacer.awaitEndOf(s);
                for (ParticipantSecond p : call.next()) {
                    publisher.publish(new CapturedSecond(callId, p.participantId(), p.seq(), p.frames(),
                            p.frameOffsetsMicros(), p.audio(), 10));
                }
            }
        }
    }

    static KafkaConsumer<String, ExpressionEvent> consumer(KafkaConnection kafka, Topics topics) {
        return EventConsumers.events(kafka.clientProperties(), topics, "bench");
    }

    static long percentile(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** The table: one row per run, then the bare throughput and the ratio at the batch size used most. */
    public static String markdown(List<Run> runs, List<Bare> bare) {
        StringBuilder md = new StringBuilder("| participants | events/s | p50 ms | p95 ms | p99 ms | batch sizes (size: count) "
                + "| real time |\n|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append(String.format("| %d | %.1f | %d | %d | %d | %s | %s |%n", r.participants(), r.eventsPerSecond(),
                    r.p50Ms(), r.p95Ms(), r.p99Ms(), r.batchSizes(), r.realTime() ? "yes" : "no"));
        }
        md.append("\n| bare model, batch | chunks/s |\n|---|---|\n");
        for (Bare b : bare) {
            md.append(String.format("| %d | %.1f |%n", b.batch(), b.chunksPerSecond()));
        }
        return md.toString();
    }
}

package dev.affectstreams.bench;

import dev.affectstreams.app.LivePath;
import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A long real-time run of the live path (in-process broker, N simulated participants): every
 * {@code every} it records the heap in use after the last collection, the process's resident
 * memory, the consumer-visible latency of the window's events (chunk end to a read_committed
 * consumer) and the lag (slots published but not yet scored), and in the end fits a line to
 * each, so that a leak or a slow drift shows as a slope.
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    /** One sample. */
    public record Sample(double minute, long heapAfterGcMb, long rssMb, long p50Ms, long p99Ms, long lag,
                         long events) {
    }

    /** A line fitted to one metric: its mean, and the line's change over the run, absolute and relative to the mean. */
    public record Trend(String metric, double mean, double changeOverRun, double relativeChange) {
    }

    public record Result(int participants, double minutes, long everySeconds, List<Sample> samples,
                         List<Trend> trends) {
    }

    public static Result run(EffectiveConfig config, KafkaConnection kafka, Release release, int participants,
                             Duration length, Duration every, Path csv, Consumer<String> log) throws Exception {
        Topics topics = Topics.from(config);
        String call = "soak-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= participants; i++) {
            keys.add(call + "/p" + i);
        }
        int seconds = (int) length.toSeconds();
        List<Sample> samples = new ArrayList<>();
        Files.createDirectories(csv.toAbsolutePath().getParent());
        try (LivePath app = new LivePath(config.with(Settings.HTTP_PORT, -1), kafka.clientProperties(), release,
                InferenceSettings.from(config));
             KafkaConsumer<String, ExpressionEvent> consumer = LiveBenchmark.consumer(kafka, topics);
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
            app.start();
            LiveBenchmark.warmUp(kafka, topics, consumer, call);
            Consents.allow(kafka.clientProperties(), topics, keys);
            long start = System.currentTimeMillis();
            Thread publisher = new Thread(() -> LiveBenchmark.publish(kafka, topics, call, participants, seconds),
                    "soak-ingest");
            publisher.start();
            out.println("minute,heap_after_gc_mb,rss_mb,p50_ms,p99_ms,lag_slots,events");
            long events = 0;
            long nextSample = start + every.toMillis();
            List<Long> window = new ArrayList<>();
            while (System.currentTimeMillis() < start + length.toMillis() + every.toMillis()) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value().getCallId().equals(call)) {
                        events++;
                        window.add(System.currentTimeMillis() - (r.value().getCaptureStart().toEpochMilli() + 1000));
                    }
                }
                long now = System.currentTimeMillis();
                if (now >= nextSample) {
                    nextSample += every.toMillis();
                    long published = Math.min(seconds, Math.max(0, (now - start) / 1000)) * participants;
                    samples.add(sample(now - start, window, published, events, out, log));
                }
            }
            publisher.join();
        }
        // the first minute holds start-up (JIT, caches, the first windows): trends are fitted after it
        List<Sample> steady = samples.stream().filter(s -> s.minute() >= 1.0).toList();
        double minutes = length.toSeconds() / 60.0;
        List<Trend> trends = List.of(
                trend("heap after GC (MB)", steady, Sample::heapAfterGcMb, minutes),
                trend("RSS (MB)", steady, Sample::rssMb, minutes),
                trend("latency p50 (ms)", steady, Sample::p50Ms, minutes),
                trend("latency p99 (ms)", steady, Sample::p99Ms, minutes),
                trend("lag (slots)", steady, Sample::lag, minutes));
        return new Result(participants, minutes, every.toSeconds(), samples, trends);
    }

    /** One row: memory now, the latency percentiles of the window (then cleared), the lag. */
    private static Sample sample(long sinceStartMs, List<Long> window, long published, long events, PrintWriter out,
                                 Consumer<String> log) {
        window.sort(Long::compare);
        Sample s = new Sample(sinceStartMs / 60_000.0, heapAfterGcMb(), rssMb(), LiveBenchmark.percentile(window, 0.5),
                LiveBenchmark.percentile(window, 0.99), Math.max(0, published - events), events);
        window.clear();
        out.printf("%.2f,%d,%d,%d,%d,%d,%d%n", s.minute(), s.heapAfterGcMb(), s.rssMb(), s.p50Ms(), s.p99Ms(), s.lag(),
                s.events());
        out.flush();
        log.accept(String.format("%5.1f min: heap %d MB, RSS %d MB, latency p50 %d p99 %d ms, lag %d, %d events",
                s.minute(), s.heapAfterGcMb(), s.rssMb(), s.p50Ms(), s.p99Ms(), s.lag(), s.events()));
        return s;
    }

    private static Trend trend(String metric, List<Sample> samples, ToLongFunction<Sample> value,
                               double minutes) {
        int n = samples.size();
        if (n < 2) {
            return new Trend(metric, Double.NaN, Double.NaN, Double.NaN);
        }
        double mx = samples.stream().mapToDouble(Sample::minute).average().orElse(0);
        double my = samples.stream().mapToLong(value).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            sxy += (s.minute() - mx) * (value.applyAsLong(s) - my);
            sxx += (s.minute() - mx) * (s.minute() - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double change = slope * (samples.get(n - 1).minute() - samples.get(0).minute());
        return new Trend(metric, my, change, my == 0 ? 0 : change / my);
    }

    /** Heap in use just after the last collection of each heap pool: the live set, not garbage. */
    private static long heapAfterGcMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                bytes += pool.getCollectionUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    private static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static String markdown(Result r) {
        StringBuilder md = new StringBuilder(String.format("%d participants in real time for %.0f minutes, sampled "
                + "every %d s; lines fitted after the first minute.%n%n", r.participants(), r.minutes(),
                r.everySeconds()));
        md.append("| metric | mean | change over the run | relative |\n|---|---|---|---|\n");
        for (Trend t : r.trends()) {
            md.append(String.format("| %s | %.1f | %+.1f | %+.1f%% |%n", t.metric(), t.mean(), t.changeOverRun(),
                    100 * t.relativeChange()));
        }
        return md.toString();
    }
}

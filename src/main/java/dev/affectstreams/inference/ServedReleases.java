package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.config.Topic;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.BackboneCompatibility;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.RegistryView;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which releases of its model line the live path may serve, followed on the models topic by a
 * background thread. A newly promoted release is verified (SHA-256 of every file), checked to
 * be trained on the backbones this process runs, and warmed up (loaded and run once) before it
 * becomes current in one volatile write; stream threads pick it up at their next batch, so a
 * batch in flight finishes on the release it started with. A release that fails any step
 * leaves the current one in place and is counted and logged. Rolled-back releases stop being
 * servable at once, pinned streams included. At start, the releases promoted just before the
 * current one, which streams of running calls may still be pinned to, are verified (downloaded,
 * with a bucket store) in the background, so a stream thread rarely waits for one.
 */
public final class ServedReleases implements ReleaseSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedReleases.class);

    /** How many releases promoted before the current one are verified ahead of any pinned stream. */
    static final int PREFETCHED = 3;

    /** Warms a verified release up: load it and run it once; throws when it cannot serve. */
    @FunctionalInterface
    public interface WarmUp {
        void run(Release release) throws Exception;
    }

    private final String line;
    private final ArtifactStore store;
    private final Map<String, BackboneRef> backbones;
    private final Topic<String, ModelRelease> topic;
    private final Map<String, Object> clientProperties;
    private final WarmUp warmUp;
    private final LiveCounters counters;
    private final Map<String, Release> verified = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private volatile Map<String, ModelRelease> locations = Map.of();
    private final Thread follower;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Release current;
    private volatile Set<String> servable = Set.of();
    private volatile boolean running = true;
    private List<String> prefetch = List.of();

    /**
     * @param initial the release the line starts from; served until the models topic names another
     */
    public ServedReleases(Release initial, ArtifactStore store, Topic<String, ModelRelease> topic,
                          Map<String, Object> clientProperties, WarmUp warmUp, LiveCounters counters) {
        this.store = store;
        this.line = initial.manifest().modelName();
        this.backbones = Map.copyOf(initial.manifest().backbones());
        this.topic = topic;
        this.clientProperties = Map.copyOf(clientProperties);
        this.warmUp = warmUp;
        this.counters = counters;
        this.current = initial;
        this.servable = Set.of(initial.manifest().version());
        verified.put(initial.manifest().version(), initial);
        this.follower = new Thread(this::follow, "served-releases-" + line);
        this.follower.setDaemon(true);
    }

    /** A warm-up that loads the heads with this process's backbones and scores one zero window. */
    public static WarmUp loadAndScore(String deviceName) {
        Device device = Devices.parse(deviceName);
        return release -> {
            dev.affectstreams.model.GradMode.offOnThisThread();
            try (var heads = LiveHeads.load(release, device)) {
                Map<Modality, float[]> zeros = new java.util.EnumMap<>(Modality.class);
                for (Modality m : heads.modalities()) {
                    zeros.put(m, new float[release.manifest().config().inputDims().get(m)]);
                }
                float[] scores = heads.scores(zeros);
                for (float s : scores) {
                    if (!Float.isFinite(s)) {
                        throw new IllegalStateException("warm-up produced a non-finite score");
                    }
                }
            }
        };
    }

    /** Reads the models topic to its end (blocking), then follows it in the background. */
    public ServedReleases start() throws IOException {
        RegistryView view = ModelRegistry.read(topic, clientProperties);
        apply(view);
        prefetch = view.promotedBefore(line, current.manifest().version(), PREFETCHED).stream()
                .map(RegistryView.Entry::version).toList();
        follower.start();
        return this;
    }

    public String modelLine() {
        return line;
    }

    @Override
    public Release current() {
        return current;
    }

    /**
     * The pinned release while it is still promoted and verifies, the current one otherwise.
     */
    @Override
    public Release resolve(String pinned) {
        Release now = current;
        if (pinned == null || pinned.equals(now.manifest().version()) || !servable.contains(pinned)) {
            return now;
        }
        Release r = verified.get(pinned);
        return r != null ? r : verifyPinned(pinned, now);
    }

    /** A pinned release this process has not served yet (a restart): verified once, or the current one if it fails. */
    private synchronized Release verifyPinned(String version, Release fallback) {
        Release r = verified.get(version);
        if (r != null || failed.contains(version) || !locations.containsKey(version)) {
            return r != null ? r : fallback;
        }
        try {
            r = store.open(locations.get(version));
            // the announcement's hashes and place in the store were checked by open
            requireServable(r);
            verified.put(version, r);
            return r;
        } catch (Exception e) {
            failed.add(version);
            counters.releaseFailures.incrementAndGet();
            LOG.error("Pinned release {} {} cannot be served; its streams move to {}: {}", line, version,
                    fallback.manifest().version(), e.getMessage());
            return fallback;
        }
    }

    private void follow() {
        for (String version : prefetch) {
            if (running && servable.contains(version)) {
                verifyPinned(version, current);
            }
        }
        while (running) {
            try {
                followOnce();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // the topic cannot stop the follower (records are decoded one by one); this is the
                // broker or the store failing: keep serving, and read the topic again shortly
                LOG.error("Following {} failed; the live path keeps serving {} {} and reads the topic again",
                        topic.name(), line, current.manifest().version(), e);
                sleepQuietly(Duration.ofSeconds(5));
            }
        }
    }

    private void followOnce() {
        RegistryView view = new RegistryView();
        try (KafkaConsumer<String, byte[]> c = ModelRegistry.consumer(clientProperties)) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = c.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (running) {
                boolean changed = false;
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    var refused = view.apply(r);
                    if (refused.isPresent()) {
                        counters.badAnnouncements.incrementAndGet();
                        LOG.error("Skipping record {}-{}@{} of {}: {}", r.topic(), r.partition(), r.offset(),
                                topic.name(), refused.get().reason());
                    } else {
                        changed = true;
                    }
                }
                if (changed) {
                    apply(view);
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Waits, but returns within a tenth of a second once the follower is closed. */
    private void sleepQuietly(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private synchronized void apply(RegistryView view) {
        Map<String, ModelRelease> where = new HashMap<>();
        view.releases(line).forEach(e -> where.put(e.version(), e.release()));
        locations = Map.copyOf(where);
        Set<String> promoted = new java.util.HashSet<>();
        view.releases(line).stream().filter(e -> view.servable(line, e.version())).forEach(e -> promoted.add(e.version()));
        var live = view.live(line);
        if (live.isEmpty()) {
            servable = Set.copyOf(promoted.isEmpty() ? Set.of(current.manifest().version()) : promoted);
            return;
        }
        ModelRelease wanted = live.get().release();
        String version = wanted.getVersion();
        if (!version.equals(current.manifest().version()) && !failed.contains(version)) {
            try {
                Release release = prepare(wanted);
                verified.put(version, release);
                current = release;
                counters.releaseSwaps.incrementAndGet();
                LOG.info("Now serving {} {} to new streams", line, version);
            } catch (Exception e) {
                failed.add(version);
                counters.releaseFailures.incrementAndGet();
                LOG.error("Release {} {} was promoted but cannot be served; keeping {}: {}", line, version,
                        current.manifest().version(), e.getMessage());
            }
        }
        promoted.add(current.manifest().version());
        servable = Set.copyOf(promoted);
        verified.keySet().retainAll(promoted);
    }

    private Release prepare(ModelRelease announced) throws Exception {
        Release release = store.open(announced);
        requireServable(release);
        warmUp.run(release);
        return release;
    }

    /** Refuses a release that does not fit the backbones this process runs or cannot classify. */
    private void requireServable(Release release) {
        BackboneCompatibility.mismatch(release.manifest(), backbones).ifPresent(reason -> {
            throw new IllegalArgumentException("it was " + reason + " (this process's)");
        });
        if (!release.hasClassifier()) {
            throw new IllegalArgumentException("it has no classifier");
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

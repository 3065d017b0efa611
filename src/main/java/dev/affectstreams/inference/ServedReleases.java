package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.config.Topic;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.GradMode;
import dev.affectstreams.model.Modality;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.BackboneCompatibility;
import dev.affectstreams.registry.RegistryFollower;
import dev.affectstreams.registry.RegistryView;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which releases of its model line the live path may serve. A {@link RegistryFollower} hands
 * over each view of the models topic; each release goes through a {@link ReleaseLifecycle}
 * (downloaded and verified from the store, checked against the backbones this process runs,
 * warmed up, on a worker thread) and becomes current in one volatile write once ready; stream
 * threads pick it up at their next batch, so a batch in flight finishes on the release it
 * started with (and each thread closes heads it no longer uses, see {@link LiveModel#closeIdle}).
 * A release that fails leaves the current one in place, is counted and logged, and is tried
 * again later. Rolled-back releases stop being servable at once, pinned streams included. At
 * start, the releases promoted just before the current one, which streams of running calls may
 * still be pinned to, are prepared in the background.
 */
public final class ServedReleases implements ReleaseSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServedReleases.class);

    /** How many releases promoted before the current one are prepared ahead of any pinned stream. */
    static final int PREFETCHED = 3;
    /** Longest a stream thread waits for its pinned release to be prepared before serving the current one. */
    static final Duration PIN_WAIT = Duration.ofSeconds(10);
    /** How often the follower hands over the view unchanged, so that failed releases are tried again. */
    private static final Duration RECHECK = Duration.ofSeconds(15);

    /** Warms a verified release up: load it and run it once; throws when it cannot serve. */
    @FunctionalInterface
    public interface WarmUp {
        void run(Release release) throws Exception;
    }

    private final String line;
    private final ArtifactStore store;
    private final Map<String, BackboneRef> backbones;
    private final WarmUp warmUp;
    private final LiveCounters counters;
    private final ReleaseLifecycle lifecycle;
    private final RegistryFollower follower;
    private volatile Map<String, ModelRelease> locations = Map.of();
    private volatile Release current;
    private volatile Set<String> servable;

    /**
     * @param initial the release the line starts from; served until the models topic names another
     */
    public ServedReleases(Release initial, ArtifactStore store, Topic<String, ModelRelease> topic,
                          Map<String, Object> clientProperties, WarmUp warmUp, LiveCounters counters) {
        this(initial, store, warmUp, counters, ReleaseLifecycle.RetryPolicy.DEFAULT, System::currentTimeMillis, topic,
                clientProperties);
    }

    ServedReleases(Release initial, ArtifactStore store, WarmUp warmUp, LiveCounters counters,
                   ReleaseLifecycle.RetryPolicy retry, LongSupplier clockMs, Topic<String, ModelRelease> topic,
                   Map<String, Object> clientProperties) {
        this.store = store;
        this.line = initial.manifest().modelName();
        this.backbones = Map.copyOf(initial.manifest().backbones());
        this.warmUp = warmUp;
        this.counters = counters;
        this.current = initial;
        this.servable = Set.of(initial.manifest().version());
        this.lifecycle = new ReleaseLifecycle(this::prepare, retry, clockMs, line);
        lifecycle.ready(initial);
        this.follower = topic == null ? null : new RegistryFollower(topic, clientProperties, line, this::apply,
                r -> {
                    counters.badAnnouncements.incrementAndGet();
                    LOG.error("Skipping record {}-{}@{} of the models topic: {}", r.topic(), r.partition(), r.offset(),
                            r.reason());
                }, RECHECK);
    }

    /** A warm-up that loads the heads with this process's backbones and scores one zero window. */
    public static WarmUp loadAndScore(String deviceName) {
        Device device = Devices.parse(deviceName);
        return release -> {
            GradMode.offOnThisThread();
            try (var heads = LiveHeads.load(release, device)) {
                Map<Modality, float[]> zeros = new EnumMap<>(Modality.class);
                for (Modality m : heads.modalities()) {
                    zeros.put(m, new float[release.manifest().config().inputDims().get(m)]);
                }
                for (float s : heads.scores(zeros)) {
                    if (!Float.isFinite(s)) {
                        throw new IllegalStateException("warm-up produced a non-finite score");
                    }
                }
            }
        };
    }

    /** Reads the models topic to its end (blocking, swapping to its live release), then follows it. */
    public ServedReleases start() throws IOException {
        RegistryView view = follower.start();
        apply(view);
        view.promotedBefore(line, current.manifest().version(), PREFETCHED)
                .forEach(e -> lifecycle.request(e.version()));
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
     * The pinned release while it is still promoted and can be prepared within {@link #PIN_WAIT},
     * the current one otherwise.
     */
    @Override
    public Release resolve(String pinned) {
        Release now = current;
        if (pinned == null || pinned.equals(now.manifest().version()) || !servable.contains(pinned)) {
            return now;
        }
        var ready = lifecycle.readyRelease(pinned);
        if (ready.isPresent()) {
            return ready.get();
        }
        if (!locations.containsKey(pinned)) {
            return now;
        }
        try {
            return lifecycle.request(pinned).get(PIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return now;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Pinned release {} {} is not servable ({}); its stream moves to {}", line, pinned,
                    e instanceof TimeoutException ? "not ready within " + PIN_WAIT.toSeconds() + " s"
                            : lifecycle.failure(pinned).orElse(String.valueOf(e.getCause())), now.manifest().version());
            return now;
        }
    }

    /** The lifecycle phase of a version, for tests and diagnostics. */
    ReleaseLifecycle.Phase phase(String version) {
        return lifecycle.phase(version).orElse(null);
    }

    /** Applies a view of the models topic: what is servable, and the live release (waited for on the follower). */
    synchronized void apply(RegistryView view) {
        Map<String, ModelRelease> where = new HashMap<>();
        view.releases(line).forEach(e -> where.put(e.version(), e.release()));
        locations = Map.copyOf(where);
        Set<String> promoted = new HashSet<>();
        view.releases(line).stream().filter(e -> view.servable(line, e.version())).forEach(e -> promoted.add(e.version()));
        var live = view.live(line);
        if (live.isPresent()) {
            swapTo(live.get().version());
        }
        if (live.isEmpty() && promoted.isEmpty() || live.isPresent()) {
            promoted.add(current.manifest().version());
        }
        servable = Set.copyOf(promoted);
        lifecycle.retain(servable);
    }

    /** Makes the version current once ready; a failed attempt was counted and logged where it failed. */
    private void swapTo(String version) {
        if (version.equals(current.manifest().version())) {
            return;
        }
        try {
            current = lifecycle.request(version).get();
            counters.releaseSwaps.incrementAndGet();
            LOG.info("Now serving {} {} to new streams", line, version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the current release keeps serving; the lifecycle says when the next attempt is due
        }
    }

    /**
     * Opens an announced version from the store (verifying it), checks it fits, warms it up; a
     * failure (of a live or of a pinned release) is counted and logged once per attempt.
     */
    private Release prepare(String version) throws Exception {
        try {
            ModelRelease announced = locations.get(version);
            if (announced == null) {
                throw new IllegalStateException("release " + version + " is not announced on the models topic");
            }
            Release release = store.open(announced);
            requireServable(release);
            warmUp.run(release);
            return release;
        } catch (Exception e) {
            counters.releaseFailures.incrementAndGet();
            LOG.error("Release {} {} was promoted but cannot be served; keeping {} and trying again later: {}", line,
                    version, current.manifest().version(), e.getMessage());
            throw e;
        }
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
        if (follower != null) {
            follower.close();
        }
        lifecycle.close();
    }
}

package dev.affectstreams.inference;

import dev.affectstreams.registry.Release;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * The life cycle of each release a process may serve: {@code PENDING} while it is downloaded,
 * verified and warmed up on a worker thread (never a stream thread), then {@code READY}, or
 * {@code FAILED} with the reason. A failed release is tried again once its retry time has come
 * (the wait doubling from {@code firstRetry} up to {@code maxRetry}); a request before that
 * fails at once. Preparing a version runs once however many threads ask for it.
 */
final class ReleaseLifecycle implements AutoCloseable {

    enum Phase { PENDING, READY, FAILED }

    /** Makes a version servable (download, verify, warm up); throws with the reason when it cannot. */
    @FunctionalInterface
    interface Preparer {
        Release prepare(String version) throws Exception;
    }

    /** How long to wait before trying a failed release again. */
    record RetryPolicy(Duration first, Duration max) {
        static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(15));

        long delayMs(int failures) {
            long d = first.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
            return Math.min(d, max.toMillis());
        }
    }

    private static final class Entry {
        volatile Phase phase = Phase.PENDING;
        volatile CompletableFuture<Release> future;
        volatile String failure;
        volatile int failures;
        volatile long retryAtMs;
    }

    private final Preparer preparer;
    private final RetryPolicy retry;
    private final LongSupplier clock;
    private final ExecutorService worker;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ReleaseLifecycle(Preparer preparer, RetryPolicy retry, LongSupplier clockMs, String name) {
        this.preparer = preparer;
        this.retry = retry;
        this.clock = clockMs;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "release-prepare-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A release already prepared (the one a process starts from). */
    void ready(Release release) {
        Entry e = new Entry();
        e.phase = Phase.READY;
        e.future = CompletableFuture.completedFuture(release);
        entries.put(release.manifest().version(), e);
    }

    /**
     * The version's release: done at once when it is ready (or failed and not yet due for a
     * retry); otherwise prepared on the worker, once.
     */
    CompletableFuture<Release> request(String version) {
        Entry e = entries.computeIfAbsent(version, v -> new Entry());
        synchronized (e) {
            boolean retryDue = e.phase == Phase.FAILED && clock.getAsLong() >= e.retryAtMs;
            if (e.future == null || retryDue) {
                e.phase = Phase.PENDING;
                e.future = CompletableFuture.supplyAsync(() -> prepare(version, e), worker);
            }
            return e.future;
        }
    }

    private Release prepare(String version, Entry e) {
        try {
            Release r = preparer.prepare(version);
            e.phase = Phase.READY;
            e.failure = null;
            return r;
        } catch (Exception failure) {
            e.failures++;
            e.failure = failure.getMessage();
            e.retryAtMs = clock.getAsLong() + retry.delayMs(e.failures);
            e.phase = Phase.FAILED;
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    /** The release when it is ready. */
    Optional<Release> readyRelease(String version) {
        Entry e = entries.get(version);
        return e == null || e.phase != Phase.READY ? Optional.empty() : Optional.of(e.future.join());
    }

    /** The version's phase; empty when it was never requested. */
    Optional<Phase> phase(String version) {
        Entry e = entries.get(version);
        return e == null ? Optional.empty() : Optional.of(e.phase);
    }

    /** Why the version last failed, if it did. */
    Optional<String> failure(String version) {
        Entry e = entries.get(version);
        return e == null ? Optional.empty() : Optional.ofNullable(e.failure);
    }

    /** Forgets every version but these (a rolled-back release is prepared again if promoted again). */
    void retain(Set<String> versions) {
        entries.keySet().retainAll(versions);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

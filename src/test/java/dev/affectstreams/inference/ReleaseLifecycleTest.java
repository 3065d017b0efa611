package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseLifecycleTest {

    private static final ReleaseLifecycle.RetryPolicy RETRY =
            new ReleaseLifecycle.RetryPolicy(Duration.ofSeconds(10), Duration.ofSeconds(40));
    @TempDir
    static Path dir;
    private static Release release;

    @BeforeAll
    static void release() throws Exception {
        release = ReleaseFixtures.release(dir, "line");
    }

    @Test
    void shouldPrepareOnAWorkerThreadOnceForEveryCaller() throws Exception {
        AtomicInteger prepared = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        try (ReleaseLifecycle lifecycle = new ReleaseLifecycle(version -> {
            prepared.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            gate.await();
            return release;
        }, RETRY, System::currentTimeMillis, "test")) {
            CompletableFuture<Release> first = lifecycle.request("1");
            CompletableFuture<Release> second = lifecycle.request("1");
            assertThat(lifecycle.phase("1")).contains(ReleaseLifecycle.Phase.PENDING);
            assertThat(lifecycle.readyRelease("1")).isEmpty();
            gate.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(release);
            assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(release);
            assertThat(prepared).hasValue(1);
            assertThat(threads).allSatisfy(t -> assertThat(t).startsWith("release-prepare-"));
            assertThat(lifecycle.phase("1")).contains(ReleaseLifecycle.Phase.READY);
            assertThat(lifecycle.readyRelease("1")).containsSame(release);
        }
    }

    @Test
    void shouldRetryAFailedReleaseOnlyOnceItsWaitIsOverDoublingTheWait() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        AtomicInteger attempts = new AtomicInteger();
        try (ReleaseLifecycle lifecycle = new ReleaseLifecycle(version -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("download failed");
            }
            return release;
        }, RETRY, now::get, "test")) {
            assertThatThrownBy(() -> lifecycle.request("2").get()).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("download failed");
            assertThat(lifecycle.phase("2")).contains(ReleaseLifecycle.Phase.FAILED);
            assertThat(lifecycle.failure("2")).contains("download failed");
            now.addAndGet(9_999);
            assertThat(lifecycle.request("2")).isCompletedExceptionally();
            assertThat(attempts).as("not retried before its time").hasValue(1);
            now.addAndGet(1);
            assertThatThrownBy(() -> lifecycle.request("2").get()).isInstanceOf(ExecutionException.class);
            assertThat(attempts).hasValue(2);
            now.addAndGet(10_000);
            assertThat(lifecycle.request("2")).as("the second wait is twice the first").isCompletedExceptionally();
            now.addAndGet(10_000);
            assertThat(lifecycle.request("2").get(10, TimeUnit.SECONDS)).isSameAs(release);
            assertThat(lifecycle.phase("2")).contains(ReleaseLifecycle.Phase.READY);
        }
    }

    @Test
    void shouldForgetVersionsNoLongerServable() {
        try (ReleaseLifecycle lifecycle = new ReleaseLifecycle(v -> release, RETRY, System::currentTimeMillis, "t")) {
            lifecycle.ready(release);
            lifecycle.request("7").join();
            lifecycle.retain(Set.of("1"));
            assertThat(lifecycle.phase("7")).isEmpty();
            assertThat(lifecycle.readyRelease("1")).containsSame(release);
        }
    }

    @Test
    void shouldCapTheWait() {
        assertThat(RETRY.delayMs(1)).isEqualTo(10_000);
        assertThat(RETRY.delayMs(2)).isEqualTo(20_000);
        assertThat(RETRY.delayMs(3)).isEqualTo(40_000);
        assertThat(RETRY.delayMs(30)).isEqualTo(40_000);
    }
}

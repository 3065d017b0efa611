package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ModelRelease;
import dev.affectstreams.avro.ReleaseStatus;
import dev.affectstreams.events.LiveCounters;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.RegistryView;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseAnnouncements;
import dev.affectstreams.registry.ReleaseFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served releases' decisions on views of the models topic, without a broker. */
class ServedReleasesTest {

    @TempDir
    static Path dir;
    private static ArtifactStore store;
    private static Release v1;
    private static ModelRelease promoted1;
    private static ModelRelease promoted2;

    private final LiveCounters counters = new LiveCounters();
    private final Set<String> failWarmUp = ConcurrentHashMap.newKeySet();
    private final Set<String> warmedUp = ConcurrentHashMap.newKeySet();
    private long clock = 1;
    private final AtomicLong now = new AtomicLong(1_000);

    @BeforeAll
    static void releases() throws Exception {
        store = new ArtifactStore(dir.resolve("store"));
        v1 = store.importRelease(ReleaseFixtures.release(dir.resolve("v1"), "line"));
        Release v2 = store.importRelease(ReleaseFixtures.release(dir.resolve("v2"), "line", "2"));
        promoted1 = ReleaseAnnouncements.of(v1, store.uri("line", "1"), ReleaseStatus.PROMOTED, "first");
        promoted2 = ReleaseAnnouncements.of(v2, store.uri("line", "2"), ReleaseStatus.PROMOTED, "better");
    }

    @BeforeEach
    void reset() {
        failWarmUp.clear();
        warmedUp.clear();
    }

    private ServedReleases served(Duration retry) {
        return new ServedReleases(v1, store, release -> {
            String version = release.manifest().version();
            if (failWarmUp.contains(version)) {
                throw new IllegalStateException("warm-up failed");
            }
            warmedUp.add(version);
        }, counters, new ReleaseLifecycle.RetryPolicy(retry, retry), now::get, null, null);
    }

    private RegistryView view(ModelRelease... announcements) {
        RegistryView view = new RegistryView();
        for (ModelRelease r : announcements) {
            view.apply(r, clock++);
        }
        return view;
    }

    @Test
    void shouldSwapToANewlyPromotedReleaseAfterWarmingItUp() {
        try (ServedReleases served = served(Duration.ofMinutes(1))) {
            served.apply(view(promoted1));
            assertThat(served.current()).isSameAs(v1);
            served.apply(view(promoted1, promoted2));
            assertThat(served.current().manifest().version()).isEqualTo("2");
            assertThat(served.phase("2")).isEqualTo(ReleaseLifecycle.Phase.READY);
            assertThat(warmedUp).containsExactly("2");
            assertThat(counters.releaseSwaps).hasValue(1);
            assertThat(served.resolve("1")).as("a stream pinned to 1 stays on it").isSameAs(v1);
            assertThat(served.resolve(null).manifest().version()).isEqualTo("2");
        }
    }

    @Test
    void shouldKeepTheCurrentReleaseWhenAPromotedOneFailsAndRetryItLater() {
        failWarmUp.add("2");
        try (ServedReleases served = served(Duration.ofMillis(200))) {
            served.apply(view(promoted1, promoted2));
            assertThat(served.current()).isSameAs(v1);
            assertThat(served.phase("2")).isEqualTo(ReleaseLifecycle.Phase.FAILED);
            assertThat(counters.releaseFailures).hasValue(1);
            served.apply(view(promoted1, promoted2));
            assertThat(counters.releaseFailures).as("one failure, reported once until retried").hasValue(1);
            failWarmUp.clear();
            now.addAndGet(200); // the retry policy's wait
            served.apply(view(promoted1, promoted2));
            assertThat(served.current().manifest().version()).isEqualTo("2");
            assertThat(counters.releaseSwaps).hasValue(1);
        }
    }

    @Test
    void shouldStopServingARolledBackReleaseToPinnedStreams() {
        try (ServedReleases served = served(Duration.ofMinutes(1))) {
            served.apply(view(promoted1, promoted2));
            ModelRelease rolledBack = ReleaseAnnouncements.withStatus(promoted1, ReleaseStatus.ROLLED_BACK, "bad");
            served.apply(view(promoted1, promoted2, rolledBack));
            assertThat(served.resolve("1").manifest().version()).isEqualTo("2");
        }
    }
}

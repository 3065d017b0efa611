package dev.affectstreams.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasePinsTest {

    private static final Duration IDLE = Duration.ofMinutes(2);
    @TempDir
    static Path dir;
    private static Release v1;
    private static Release v2;

    private KeyValueStore<String, String> store;
    private MovingReleases releases;

    /** A release source whose current release can be moved and whose servable versions are known. */
    private static final class MovingReleases implements ReleaseSource {
        Release current;
        final Map<String, Release> servable = new HashMap<>();

        @Override
        public Release current() {
            return current;
        }

        @Override
        public Release resolve(String pinned) {
            return pinned == null ? current : servable.getOrDefault(pinned, current);
        }
    }

    @BeforeAll
    static void releases() throws Exception {
        v1 = ReleaseFixtures.release(dir.resolve("v1"), "line");
        v2 = ReleaseFixtures.release(dir.resolve("v2"), "line", "2");
    }

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(InferenceProcessor.PINS), Serdes.String(),
                Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        releases = new MovingReleases();
        releases.current = v1;
        releases.servable.put("1", v1);
        releases.servable.put("2", v2);
    }

    @Test
    void shouldKeepAStreamOnTheReleaseItStartedWith() {
        ReleasePins pins = new ReleasePins(store, releases, true, IDLE);
        assertThat(pins.releaseFor("c/a", 1_000)).isSameAs(v1);
        releases.current = v2;
        assertThat(pins.releaseFor("c/a", 2_000)).isSameAs(v1);
        assertThat(pins.releaseFor("c/b", 2_000)).as("a new stream gets the current release").isSameAs(v2);
        assertThat(ReleasePin.parse(store.get("c/a"))).contains(new ReleasePin("1", 1_000));
    }

    @Test
    void shouldMoveAStreamWhosePinnedReleaseIsNoLongerServable() {
        ReleasePins pins = new ReleasePins(store, releases, true, IDLE);
        pins.releaseFor("c/a", 1_000);
        releases.current = v2;
        releases.servable.remove("1");
        assertThat(pins.releaseFor("c/a", 2_000)).isSameAs(v2);
        assertThat(ReleasePin.parse(store.get("c/a")).orElseThrow().version()).isEqualTo("2");
    }

    @Test
    void shouldRefreshAPinOnlyEveryFewSecondsAndDropItAfterThePause() {
        ReleasePins pins = new ReleasePins(store, releases, true, IDLE);
        pins.releaseFor("c/a", 1_000);
        pins.releaseFor("c/a", 1_000 + ReleasePins.REFRESH_MS - 1);
        assertThat(ReleasePin.parse(store.get("c/a")).orElseThrow().refreshedMs()).isEqualTo(1_000);
        pins.releaseFor("c/a", 1_000 + ReleasePins.REFRESH_MS);
        long refreshed = 1_000 + ReleasePins.REFRESH_MS;
        assertThat(ReleasePin.parse(store.get("c/a")).orElseThrow().refreshedMs()).isEqualTo(refreshed);
        assertThat(pins.dropIdle(refreshed + IDLE.toMillis() - 1)).isZero();
        assertThat(pins.dropIdle(refreshed + IDLE.toMillis())).isEqualTo(1);
        assertThat(store.get("c/a")).isNull();
    }

    @Test
    void shouldTreatAnUnreadablePinAsNoneAndDropIt() {
        store.put("c/a", "no-separator");
        store.put("c/b", "1|not-a-number");
        ReleasePins pins = new ReleasePins(store, releases, true, IDLE);
        releases.current = v2;
        assertThat(pins.releaseFor("c/a", 5_000)).isSameAs(v2);
        assertThat(pins.dropIdle(5_000)).as("c/b is unreadable, c/a was just pinned afresh").isEqualTo(1);
        assertThat(store.get("c/b")).isNull();
    }

    @Test
    void shouldServeTheCurrentReleaseWithoutPinning() {
        ReleasePins pins = new ReleasePins(store, releases, false, IDLE);
        assertThat(pins.releaseFor("c/a", 1_000)).isSameAs(v1);
        releases.current = v2;
        assertThat(pins.releaseFor("c/a", 2_000)).isSameAs(v2);
        assertThat(store.approximateNumEntries()).isZero();
    }
}

package dev.affectstreams.inference;

import dev.affectstreams.registry.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which release serves each participant's stream. With pinning, a stream stays on the release
 * it started with while that is still servable; the pin (in a changelogged store, so it moves
 * with the task) is refreshed as chunks arrive and dropped after a pause. Without pinning every
 * stream gets the current release.
 */
final class ReleasePins {

    /** How often a pin's time is rewritten while its stream flows (a write per chunk would be wasted). */
    static final long REFRESH_MS = 10_000;

    private final KeyValueStore<String, String> store;
    private final ReleaseSource releases;
    private final boolean pinning;
    private final Duration idle;

    ReleasePins(KeyValueStore<String, String> store, ReleaseSource releases, boolean pinning, Duration idle) {
        this.store = store;
        this.releases = releases;
        this.pinning = pinning;
        this.idle = idle;
    }

    /** The release for the participant's next chunk, pinning it where pinning is on. */
    Release releaseFor(String key, long nowMs) {
        if (!pinning) {
            return releases.current();
        }
        var pin = ReleasePin.parse(store.get(key));
        String pinned = pin.map(ReleasePin::version).orElse(null);
        Release r = releases.resolve(pinned);
        String version = r.manifest().version();
        if (!version.equals(pinned) || nowMs - pin.get().refreshedMs() >= REFRESH_MS) {
            store.put(key, new ReleasePin(version, nowMs).encode());
        }
        return r;
    }

    /** Drops pins not refreshed within the idle pause, and unreadable ones. */
    int dropIdle(long nowMs) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                var e = it.next();
                var pin = ReleasePin.parse(e.value);
                if (pin.isEmpty() || nowMs - pin.get().refreshedMs() >= idle.toMillis()) {
                    stale.add(e.key);
                }
            }
        }
        stale.forEach(store::delete);
        return stale.size();
    }

    void forget(String key) {
        store.delete(key);
    }
}

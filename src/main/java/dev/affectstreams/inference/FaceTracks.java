package dev.affectstreams.inference;

import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.FaceTracker;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Each participant's face track in one stream task, kept in memory (a restart tracks afresh);
 * a track not used for a while is evicted, so tracks do not pile up as calls end.
 */
final class FaceTracks {

    /** Frames between detections, and the misses before a track is dropped, as the live path runs them. */
    private static final int DETECT_EVERY = 5;
    private static final int MISSES = 2;

    private static final class Track {
        final FaceTracker tracker;
        long lastUsedMs;

        Track(FaceTracker tracker) {
            this.tracker = tracker;
        }
    }

    private final Map<String, Track> tracks = new HashMap<>();

    /** The participant's tracker, made on first use with the thread's detector. */
    FaceTracker of(String key, FaceDetector detector, long nowMs) {
        Track t = tracks.computeIfAbsent(key, k -> new Track(new FaceTracker(detector, DETECT_EVERY, MISSES)));
        t.lastUsedMs = nowMs;
        return t.tracker;
    }

    void forget(String key) {
        tracks.remove(key);
    }

    /** Drops the tracks not used within {@code idle}; returns how many. */
    int evictIdle(long nowMs, Duration idle) {
        int evicted = 0;
        for (Iterator<Track> it = tracks.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().lastUsedMs >= idle.toMillis()) {
                it.remove();
                evicted++;
            }
        }
        return evicted;
    }

    int size() {
        return tracks.size();
    }
}

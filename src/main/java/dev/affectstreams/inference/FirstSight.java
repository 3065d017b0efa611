package dev.affectstreams.inference;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the most recent keys seen, up to a bound, to say something once per key (a
 * participant's missing consent) rather than once per chunk; the oldest key is forgotten first.
 */
final class FirstSight {

    private final Map<String, Boolean> seen;

    FirstSight(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether this is the first time (within the bound) the key is seen. */
    boolean first(String key) {
        return seen.put(key, Boolean.TRUE) == null;
    }

    /** Forgets the key, so that it is said again (its consent came and went). */
    void forget(String key) {
        seen.remove(key);
    }
}

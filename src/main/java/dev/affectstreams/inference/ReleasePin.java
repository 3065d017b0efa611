package dev.affectstreams.inference;

import java.util.Optional;

/**
 * A participant stream's pin to a release: the version it is served and when the pin was last
 * refreshed. Stored as {@code version|millis}.
 */
record ReleasePin(String version, long refreshedMs) {

    private static final char SEPARATOR = '|';

    ReleasePin {
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("a pin needs a release version");
        }
    }

    String encode() {
        return version + SEPARATOR + refreshedMs;
    }

    /** The stored pin; empty for none or for text that is not a pin (it is then treated as no pin). */
    static Optional<ReleasePin> parse(String stored) {
        int bar = stored == null ? -1 : stored.lastIndexOf(SEPARATOR);
        if (bar <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ReleasePin(stored.substring(0, bar), Long.parseLong(stored.substring(bar + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

package dev.affectstreams.app;

import java.util.Arrays;

/** Closing what a service started, all of it even when a part fails. */
final class Closing {

    private Closing() {
    }

    /**
     * Closes each part in the order given (nulls are skipped, nothing is stopped by a failure).
     *
     * @return the first failure with any later ones suppressed, or null when all closed
     */
    static Exception closeAll(AutoCloseable... parts) {
        Exception failure = null;
        for (AutoCloseable part : Arrays.asList(parts)) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}

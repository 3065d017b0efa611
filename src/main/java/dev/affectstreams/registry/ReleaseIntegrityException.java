package dev.affectstreams.registry;

import java.io.IOException;

/** A release directory whose files do not match its manifest: missing, changed or unlisted. */
public class ReleaseIntegrityException extends IOException {

    public ReleaseIntegrityException(String message) {
        super(message);
    }
}

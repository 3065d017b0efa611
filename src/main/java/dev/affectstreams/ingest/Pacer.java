package dev.affectstreams.ingest;

import java.time.Duration;
import java.time.Instant;

/** Real-time pacing: a slot's chunks are complete at the end of their second, so publishing waits until then. */
public final class Pacer {

    private final Instant start;
    private long lastSeq = -1;

    public Pacer(Instant start) {
        this.start = start;
    }

    /** Waits until slot {@code seq} has ended, once per slot. */
    public void awaitEndOf(long seq) {
        if (seq == lastSeq) {
            return;
        }
        lastSeq = seq;
        long wait = Duration.between(Instant.now(), start.plusSeconds(seq + 1)).toMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing", e);
            }
        }
    }
}

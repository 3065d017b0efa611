package dev.affectstreams.sync;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the synchronizer did, summed over the stream threads that share it: slots emitted,
 * modalities given up, duplicates, late chunks, and chunks refused before they were stored.
 */
public final class SyncCounters {
    final LongAdder emitted = new LongAdder();
    final LongAdder audioMissing = new LongAdder();
    final LongAdder videoMissing = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder refused = new LongAdder();

    public long emitted() {
        return emitted.sum();
    }

    public long audioMissing() {
        return audioMissing.sum();
    }

    public long videoMissing() {
        return videoMissing.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long late() {
        return late.sum();
    }

    /** Chunks dead-lettered by validation: null keys or values, ids that disagree, sizes beyond the limits. */
    public long refused() {
        return refused.sum();
    }
}

package dev.affectstreams.sync;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the synchronizer did, summed over the stream threads that share it: slots emitted,
 * modalities given up, duplicates and late chunks.
 */
public final class SyncCounters {
    final LongAdder emitted = new LongAdder();
    final LongAdder audioMissing = new LongAdder();
    final LongAdder videoMissing = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder late = new LongAdder();

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
}

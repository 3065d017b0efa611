package dev.affectstreams.sync;

/** What the synchronizer did, per stream thread: slots emitted, modalities given up, duplicates, late chunks. */
public final class SyncCounters {
    long emitted;
    long audioMissing;
    long videoMissing;
    long duplicates;
    long late;

    public long emitted() {
        return emitted;
    }

    public long audioMissing() {
        return audioMissing;
    }

    public long videoMissing() {
        return videoMissing;
    }

    public long duplicates() {
        return duplicates;
    }

    public long late() {
        return late;
    }
}

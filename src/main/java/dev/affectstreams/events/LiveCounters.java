package dev.affectstreams.events;

import java.util.concurrent.atomic.AtomicLong;

/** Counts of the live path's decisions that are not errors: slots skipped for consent or policy, samples tapped. */
public final class LiveCounters {
    public final AtomicLong events = new AtomicLong();
    public final AtomicLong noConsent = new AtomicLong();
    public final AtomicLong blockedContext = new AtomicLong();
    public final AtomicLong tapped = new AtomicLong();
    public final AtomicLong stateChanges = new AtomicLong();
    /** Number of inference batches by size: index = chunks in the batch (the last index collects larger ones). */
    public final java.util.concurrent.atomic.AtomicLongArray batchSizes = new java.util.concurrent.atomic.AtomicLongArray(65);

    public void batch(int size) {
        batchSizes.incrementAndGet(Math.min(size, batchSizes.length() - 1));
    }
}

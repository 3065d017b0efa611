package dev.affectstreams.events;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts of the live path's decisions that are not errors: slots skipped for consent or policy, samples tapped. */
public final class LiveCounters {
    public final AtomicLong events = new AtomicLong();
    public final AtomicLong noConsent = new AtomicLong();
    public final AtomicLong blockedContext = new AtomicLong();
    public final AtomicLong tapped = new AtomicLong();
    public final AtomicLong stateChanges = new AtomicLong();
    /** Labels paired with their chunk's features and sent to retraining. */
    public final AtomicLong labelsPaired = new AtomicLong();
    /** Labels that found no features (chunk older than the retention, or never processed). */
    public final AtomicLong labelsUnpaired = new AtomicLong();
    /** Promoted releases swapped in, and releases that failed to load, verify or warm up. */
    public final AtomicLong releaseSwaps = new AtomicLong();
    public final AtomicLong releaseFailures = new AtomicLong();
    /** Announcements on the models topic that were unreadable or invalid, and skipped. */
    public final AtomicLong badAnnouncements = new AtomicLong();
    /** Records on the consent topic that were unreadable, and treated as a withdrawal of consent. */
    public final AtomicLong badConsent = new AtomicLong();
    /** Chunks and labels dead-lettered after synchronization (preprocess, inference, labels, text). */
    public final AtomicLong deadLetters = new AtomicLong();
    /** Participants whose kept state was removed because their consent to inference was withdrawn. */
    public final AtomicLong forgotten = new AtomicLong();
    /** Number of inference batches by size: index = chunks in the batch (the last index collects larger ones). */
    public final AtomicLongArray batchSizes = new AtomicLongArray(65);

    /** Where the per-batch and per-event measurements also go (the metrics registry, when there is one). */
    public interface Recorder {
        /** Records nothing: the counters above only. */
        Recorder NONE = new Recorder() {
            @Override
            public void batch(int size) {
            }

            @Override
            public void eventLatency(long millis) {
            }
        };

        void batch(int size);

        void eventLatency(long millis);
    }

    private volatile Recorder recorder = Recorder.NONE;

    public void recordTo(Recorder recorder) {
        this.recorder = recorder;
    }

    public void batch(int size) {
        batchSizes.incrementAndGet(Math.min(size, batchSizes.length() - 1));
        recorder.batch(size);
    }

    /** An event made, {@code latencyMs} after its chunk was produced. */
    public void event(long latencyMs) {
        events.incrementAndGet();
        recorder.eventLatency(latencyMs);
    }
}

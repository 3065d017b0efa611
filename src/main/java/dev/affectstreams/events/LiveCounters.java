package dev.affectstreams.events;

import dev.affectstreams.kafka.DeadLetterCounts;
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
    /** Every dead letter this process writes, by stage and reason class. */
    public final DeadLetterCounts deadLetters = new DeadLetterCounts();
    /** Participants whose kept state was removed because their consent to inference was withdrawn. */
    public final AtomicLong forgotten = new AtomicLong();
    /** Number of inference batches by size: index = chunks in the batch (the last index collects larger ones). */
    public final AtomicLongArray batchSizes = new AtomicLongArray(65);

    /** The stages of a micro-batch, each timed per batch. */
    public enum Stage {
        /** Claim-check resolution, Avro payload checks, JPEG and PCM decoding. */
        DECODE("decode"),
        /** Face detection and tracking on the chunks' frames. */
        FACE_DETECTION("face_detection"),
        /** Crops, resizes, spectrograms and the backbones over the batch. */
        BACKBONES("backbones"),
        /** The face expression network on the faces found. */
        FACE_READING("face_reading"),
        /** The release's heads, and the events, states and samples made from them. */
        HEADS("heads");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        /** The stage's name in metrics. */
        public String label() {
            return label;
        }
    }

    /** Where the per-batch and per-event measurements also go (the metrics registry, when there is one). */
    public interface Recorder {
        /** Records nothing: the counters above only. */
        Recorder NONE = new Recorder() {
        };

        default void batch(int size) {
        }

        /** How long the batch's oldest chunk waited for the batch to run. */
        default void batchWait(long millis) {
        }

        default void eventLatency(long millis) {
        }

        default void stage(Stage stage, long nanos) {
        }
    }

    private volatile Recorder recorder = Recorder.NONE;

    public void recordTo(Recorder recorder) {
        this.recorder = recorder;
    }

    public void batch(int size) {
        batchSizes.incrementAndGet(Math.min(size, batchSizes.length() - 1));
        recorder.batch(size);
    }

    /** A micro-batch whose oldest chunk waited {@code millis} for it. */
    public void batchWait(long millis) {
        recorder.batchWait(millis);
    }

    /** A stage of one micro-batch took {@code nanos}. */
    public void stage(Stage stage, long nanos) {
        recorder.stage(stage, nanos);
    }

    /** An event made, {@code latencyMs} after its chunk was produced. */
    public void event(long latencyMs) {
        events.incrementAndGet();
        recorder.eventLatency(latencyMs);
    }
}

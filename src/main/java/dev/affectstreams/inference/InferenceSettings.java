package dev.affectstreams.inference;

import java.time.Duration;

/**
 * Micro-batching and windowing of the live path.
 *
 * @param maxBatch   chunks per batch across participants
 * @param maxDelay   longest a chunk waits for its batch
 * @param window     chunks of a participant averaged for an event
 * @param threshold  lowest score of a dominant label
 * @param pinning    whether a participant's stream stays on the release it started with
 * @param pinIdle    pause after which a stream's pin is dropped
 * @param labelRetention how long chunk features wait for their labels
 */
public record InferenceSettings(int maxBatch, Duration maxDelay, int window, float threshold, boolean pinning,
                                Duration pinIdle, Duration labelRetention) {

    public static InferenceSettings defaults() {
        return new InferenceSettings(8, Duration.ofMillis(200), 4, 0.5f, true, Duration.ofMinutes(5),
                Duration.ofMinutes(10));
    }

    /** Defaults with the pinning and label settings of the configuration. */
    public static InferenceSettings from(dev.affectstreams.config.EffectiveConfig config) {
        InferenceSettings d = defaults();
        return new InferenceSettings(d.maxBatch(), d.maxDelay(), d.window(), d.threshold(),
                "participant".equals(config.get(dev.affectstreams.config.Settings.MODEL_PINNING)),
                config.get(dev.affectstreams.config.Settings.MODEL_PIN_IDLE),
                config.get(dev.affectstreams.config.Settings.LABELS_RETENTION));
    }
}

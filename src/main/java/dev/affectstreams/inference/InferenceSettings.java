package dev.affectstreams.inference;

import dev.affectstreams.claimcheck.ClaimCheckStore;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.time.Duration;

/**
 * Micro-batching and windowing of the live path.
 *
 * @param maxBatch   chunks per batch across participants
 * @param maxDelay   longest a chunk waits for its batch
 * @param window     chunks of a participant averaged for an event
 * @param pinning    whether a participant's stream stays on the release it started with
 * @param pinIdle    pause after which a stream's pin is dropped
 * @param labelRetention how long chunk features wait for their labels
 * @param claimChecks    where chunks passed by reference are read, or null where that is off
 */
public record InferenceSettings(int maxBatch, Duration maxDelay, int window, boolean pinning,
                                Duration pinIdle, Duration labelRetention, ClaimCheckStore claimChecks) {

    public static InferenceSettings defaults() {
        return new InferenceSettings(8, Duration.ofMillis(200), 4, true, Duration.ofMinutes(5),
                Duration.ofMinutes(10), null);
    }

    /** Defaults with the batching, pinning, label and claim-check settings of the configuration. */
    public static InferenceSettings from(EffectiveConfig config) {
        InferenceSettings d = defaults();
        return new InferenceSettings(config.get(Settings.INFERENCE_MAX_BATCH), config.get(Settings.INFERENCE_MAX_DELAY),
                d.window(), "participant".equals(config.get(Settings.MODEL_PINNING)),
                config.get(Settings.MODEL_PIN_IDLE), config.get(Settings.LABELS_RETENTION),
                ClaimCheckStore.configured(config));
    }

    /** The same with chunks passed by reference read from {@code store}. */
    public InferenceSettings withClaimChecks(ClaimCheckStore store) {
        return new InferenceSettings(maxBatch, maxDelay, window, pinning, pinIdle, labelRetention, store);
    }
}

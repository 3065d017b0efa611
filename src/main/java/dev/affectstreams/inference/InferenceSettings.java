package dev.affectstreams.inference;

import java.time.Duration;

/**
 * Micro-batching and windowing of the live path.
 *
 * @param maxBatch   chunks per batch across participants
 * @param maxDelay   longest a chunk waits for its batch
 * @param window     chunks of a participant averaged for an event
 * @param threshold  lowest score of a dominant label
 */
public record InferenceSettings(int maxBatch, Duration maxDelay, int window, float threshold) {

    public static InferenceSettings defaults() {
        return new InferenceSettings(8, Duration.ofMillis(200), 4, 0.5f);
    }
}

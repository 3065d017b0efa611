package dev.affectstreams.model.train;

import java.nio.file.Path;

/**
 * How a self-supervised training run proceeds.
 *
 * @param epochs        passes over the features
 * @param batchSize     clips per step (a last batch under 2 clips is dropped: batch norm and the
 *                      contrastive loss need at least two)
 * @param schedule      learning rate per epoch
 * @param weightDecay   AdamW decoupled weight decay
 * @param seed          shuffling, k-means initialisation and weight initialisation
 * @param maxSteps      stop after this many steps (0: no cap); tests and benchmarks use it
 * @param checkpointDir where a checkpoint is written after every epoch and resumed from; null for none
 */
public record SslOptions(int epochs, int batchSize, LearningRateSchedule schedule, double weightDecay, long seed,
                         int maxSteps, Path checkpointDir) {

    /**
     * Weight decay 1e-3 and seed 127 as in the reference; learning rate 1e-4 (the reference's default
     * 2e-5 learns too slowly for runs of tens of epochs; its tuning range was 1e-5 to 1e-3).
     */
    public static SslOptions defaults(int epochs, int batchSize) {
        return new SslOptions(epochs, batchSize, LearningRateSchedule.pretraining(1e-4), 1e-3, 127, 0, null);
    }

    public SslOptions withCheckpointDir(Path dir) {
        return new SslOptions(epochs, batchSize, schedule, weightDecay, seed, maxSteps, dir);
    }

    public SslOptions withEpochs(int n) {
        return new SslOptions(n, batchSize, schedule, weightDecay, seed, maxSteps, checkpointDir);
    }

    public SslOptions withMaxSteps(int n) {
        return new SslOptions(epochs, batchSize, schedule, weightDecay, seed, n, checkpointDir);
    }
}

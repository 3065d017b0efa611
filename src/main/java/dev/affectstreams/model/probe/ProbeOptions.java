package dev.affectstreams.model.probe;

import dev.affectstreams.model.train.LearningRateSchedule;

/**
 * How the linear probe trains: the reference's AdamW (lr 0.00967, weight decay 0.004), batch
 * 4096, warm-up and restarts, early stopping on validation loss with patience 15; the epoch
 * limit is this project's (the reference leaves it to early stopping).
 */
public record ProbeOptions(int maxEpochs, int batchSize, LearningRateSchedule schedule, double weightDecay,
                           int patience, long seed) {

    public static ProbeOptions defaults() {
        return new ProbeOptions(300, 4096, LearningRateSchedule.probe(0.00967), 0.004, 15, 127);
    }

    public ProbeOptions withSeed(long s) {
        return new ProbeOptions(maxEpochs, batchSize, schedule, weightDecay, patience, s);
    }
}

package dev.affectstreams.model.probe;

import dev.affectstreams.model.train.LearningRateSchedule;

/**
 * How the linear probe trains: the reference's AdamW (lr 0.00967, weight decay 0.004), batch
 * 4096, warm-up and restarts, early stopping on validation loss with patience 15; the epoch
 * limit is this project's (the reference leaves it to early stopping).
 *
 * @param referenceWeights multi-label sets: use the label set's own pos_weight (MOSEI's hard-coded
 *                         values, right only for MOSEI's label rates) instead of weights computed
 *                         from the training labels' rates
 */
public record ProbeOptions(int maxEpochs, int batchSize, LearningRateSchedule schedule, double weightDecay,
                           int patience, long seed, boolean referenceWeights) {

    public static ProbeOptions defaults() {
        return new ProbeOptions(300, 4096, LearningRateSchedule.probe(0.00967), 0.004, 15, 127, false);
    }

    public ProbeOptions withSeed(long s) {
        return new ProbeOptions(maxEpochs, batchSize, schedule, weightDecay, patience, s, referenceWeights);
    }

    public ProbeOptions withReferenceWeights(boolean reference) {
        return new ProbeOptions(maxEpochs, batchSize, schedule, weightDecay, patience, seed, reference);
    }
}

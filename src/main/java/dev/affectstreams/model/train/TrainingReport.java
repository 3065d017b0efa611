package dev.affectstreams.model.train;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a training run did.
 *
 * @param firstEpoch        the epoch it started at (above 0 when resumed)
 * @param epochs            per finished epoch: learning rate and the mean of every loss term
 * @param steps             optimiser steps taken in this run
 * @param samples           clips seen in this run
 * @param clusterOccupancy  pseudo-label counts per cluster in the last step (empty without clustering)
 * @param duration          wall time of the run
 */
public record TrainingReport(int firstEpoch, List<EpochSummary> epochs, long steps, long samples,
                             long[] clusterOccupancy, Duration duration) {

    /** One epoch: its learning rate, mean loss per term (con, clu, gen, total) and gradient norm. */
    public record EpochSummary(int epoch, double learningRate, Map<String, Double> meanLoss, double meanGradNorm) {
    }

    public double samplesPerSecond() {
        double seconds = duration.toNanos() / 1e9;
        return seconds == 0 ? 0 : samples / seconds;
    }

    public EpochSummary last() {
        return epochs.get(epochs.size() - 1);
    }
}

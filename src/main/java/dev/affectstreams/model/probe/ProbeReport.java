package dev.affectstreams.model.probe;

import java.util.List;

/**
 * What fitting the probe did.
 *
 * @param epochsRun    epochs trained before early stopping or the limit
 * @param bestEpoch    epoch whose weights were kept (highest validation accuracy)
 * @param stoppedEarly whether validation loss stopped improving for the patience
 * @param validation   metrics of the kept weights on the validation clips
 * @param trainLoss    mean training loss per epoch
 * @param validationLoss validation loss per epoch
 */
public record ProbeReport(int epochsRun, int bestEpoch, boolean stoppedEarly,
                          ClassificationMetrics.Report validation, List<Double> trainLoss,
                          List<Double> validationLoss) {
}

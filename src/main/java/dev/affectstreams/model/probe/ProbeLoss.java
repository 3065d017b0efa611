package dev.affectstreams.model.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The probe's losses as the reference sets them: multi-label BCE-with-logits with a positive
 * weight per label, mean over all elements; multi-class cross-entropy with a weight per class,
 * divided by the summed weights of the batch's true classes (PyTorch's weighted mean).
 */
public final class ProbeLoss {

    private ProbeLoss() {
    }

    /**
     * {@code −mean[pw·y·log σ(x) + (1−y)·log(1−σ(x))]}, with log σ(x) = −softplus(−x).
     *
     * @param posWeight [C]
     */
    public static NDArray bceWithLogits(NDArray logits, NDArray targets, NDArray posWeight) {
        NDArray logSigmoid = Activation.softPlus(logits.neg()).neg();
        NDArray logOneMinus = Activation.softPlus(logits).neg();
        NDArray positive = targets.mul(posWeight).mul(logSigmoid);
        NDArray negative = targets.neg().add(1f).mul(logOneMinus);
        return positive.add(negative).mean().neg();
    }

    /**
     * {@code −Σ_b w[y_b] log softmax(x_b)[y_b] / Σ_b w[y_b]}.
     *
     * @param oneHot      [B, C] one-hot targets
     * @param classWeight [C]
     */
    public static NDArray weightedCrossEntropy(NDArray logits, NDArray oneHot, NDArray classWeight) {
        NDArray weights = oneHot.mul(classWeight);
        NDArray picked = logits.logSoftmax(1).mul(weights).sum();
        return picked.div(weights.sum()).neg();
    }
}

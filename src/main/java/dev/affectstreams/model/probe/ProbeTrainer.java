package dev.affectstreams.model.probe;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.GradMode;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.RowOrder;
import dev.affectstreams.model.train.AdamW;
import dev.affectstreams.model.train.Gradients;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fits the linear probe on frozen representations: representations are computed once, the
 * classifier is trained with the reference's loss and schedule, validated every epoch, stopped
 * when validation loss has not improved for the patience, and the weights of the epoch with
 * the best validation accuracy are kept.
 */
public final class ProbeTrainer {

    private final ProbeOptions options;

    public ProbeTrainer(ProbeOptions options) {
        this.options = options;
    }

    /** The fitted probe, its report and its thresholds calibrated on the validation data; the caller closes the probe. */
    public record Result(LinearProbe probe, ProbeReport report, Thresholds thresholds) {
    }

    public Result fit(ConCluGenModel model, FeatureMatrix train, FeatureMatrix validation, LabelSet labels) {
        int width = model.config().fusedDim();
        float[] trainX = Representations.fused(model, train);
        float[] valX = Representations.fused(model, validation);
        return fit(trainX, train.targets(), valX, validation.targets(), width, labels, model.device());
    }

    /** Fits on precomputed representations (N × width, row-major) and 0/1 or one-hot targets. */
    public Result fit(float[] trainX, float[] trainY, float[] valX, float[] valY, int width, LabelSet labels,
                      Device device) {
        GradMode.offOnThisThread();
        LinearProbe probe = LinearProbe.create(labels, width, device, options.seed());
        NDManager manager = probe.manager();
        int c = labels.size();
        int n = trainY.length / c;
        NDArray lossWeights = manager.create(lossWeights(labels, trainY, options.referenceWeights()));
        AdamW optimizer = new AdamW(manager, options.weightDecay());
        List<Pair<String, NDArray>> params = probe.parameters();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestAccuracy = -1;
        int bestEpoch = -1;
        int sinceImproved = 0;
        List<float[]> bestWeights = snapshot(params);
        Random random = new Random(options.seed());
        int epoch = 0;
        boolean stopped = false;
        for (; epoch < options.maxEpochs(); epoch++) {
            Engine.getInstance().setRandomSeed((int) (options.seed() + epoch));
            double lr = options.schedule().at(epoch);
            trainLoss.add(trainEpoch(probe, optimizer, params, trainX, trainY, width, lossWeights, lr, random, n));
            float[] valLogits = Predictions.logits(probe, valX, width);
            double vLoss = loss(manager, labels, valLogits, valY, lossWeights);
            valLoss.add(vLoss);
            double accuracy = Predictions.metrics(labels, valLogits, valY).accuracy();
            if (accuracy > bestAccuracy) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                bestWeights = snapshot(params);
            }
            if (vLoss < bestLoss) {
                bestLoss = vLoss;
                sinceImproved = 0;
            } else if (++sinceImproved >= options.patience()) {
                stopped = true;
                epoch++;
                break;
            }
        }
        restore(params, bestWeights);
        float[] validationLogits = Predictions.logits(probe, valX, width);
        Thresholds thresholds = Thresholds.calibrate(labels, Predictions.sigmoid(validationLogits), valY);
        ClassificationMetrics.Report validationMetrics = Predictions.metrics(labels, validationLogits, valY);
        return new Result(probe, new ProbeReport(epoch, bestEpoch, stopped, validationMetrics, trainLoss, valLoss),
                thresholds);
    }

    private double trainEpoch(LinearProbe probe, AdamW optimizer, List<Pair<String, NDArray>> params, float[] x,
                              float[] y, int width, NDArray lossWeights, double lr, Random random, int n) {
        int c = probe.labelSet().size();
        int[] order = RowOrder.shuffled(n, random);
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < n; start += options.batchSize()) {
            int rows = Math.min(options.batchSize(), n - start);
            try (NDScope ignored = new NDScope()) {
                NDArray bx = probe.manager().create(gather(x, width, order, start, rows), new Shape(rows, width));
                NDArray by = probe.manager().create(gather(y, c, order, start, rows), new Shape(rows, c));
                NDArray loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    loss = lossOf(probe.labelSet(), probe.logits(bx, true), by, lossWeights);
                    collector.backward(loss);
                }
                Gradients.checkedNorm(params);
                optimizer.update(params, lr);
                Gradients.zero(params);
                sum += loss.getFloat();
                batches++;
            }
        }
        return sum / Math.max(1, batches);
    }

    private static double loss(NDManager manager, LabelSet labels, float[] logits, float[] targets,
                               NDArray lossWeights) {
        int c = labels.size();
        try (NDScope ignored = new NDScope()) {
            NDArray l = manager.create(logits, new Shape(logits.length / c, c));
            NDArray t = manager.create(targets, new Shape(targets.length / c, c));
            return lossOf(labels, l, t, lossWeights).getFloat();
        }
    }

    static NDArray lossOf(LabelSet labels, NDArray logits, NDArray targets, NDArray weights) {
        return labels.multiLabel()
                ? ProbeLoss.bceWithLogits(logits, targets, weights)
                : ProbeLoss.weightedCrossEntropy(logits, targets, weights);
    }

    /**
     * Multi-label: pos_weight = negatives / positives of each label in the training targets (1
     * for a label with no positive), or the label set's own weights when {@code reference} is
     * asked for. Multi-class: the label set's class weights, or the training-class frequencies
     * when it gives none (the reference's CAER rule).
     */
    static float[] lossWeights(LabelSet labels, float[] targets, boolean reference) {
        int c = labels.size();
        float[] w = new float[c];
        if (labels.multiLabel() && !(reference && !labels.lossWeights().isEmpty())) {
            int n = targets.length / c;
            for (int j = 0; j < c; j++) {
                int positives = 0;
                for (int i = 0; i < n; i++) {
                    positives += targets[i * c + j] > 0.5f ? 1 : 0;
                }
                w[j] = positives == 0 ? 1f : (float) (n - positives) / positives;
            }
            return w;
        }
        if (!labels.lossWeights().isEmpty()) {
            for (int j = 0; j < c; j++) {
                w[j] = labels.lossWeights().get(j).floatValue();
            }
            return w;
        }
        int n = targets.length / c;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                w[j] += targets[i * c + j] / n;
            }
        }
        return w;
    }

    private static List<float[]> snapshot(List<Pair<String, NDArray>> params) {
        return params.stream().map(p -> p.getValue().toFloatArray()).toList();
    }

    private static void restore(List<Pair<String, NDArray>> params, List<float[]> values) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).getValue().set(FloatBuffer.wrap(values.get(i)));
        }
    }

    private static float[] gather(float[] flat, int width, int[] order, int start, int rows) {
        float[] out = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, order[start + i] * width, out, i * width, width);
        }
        return out;
    }
}

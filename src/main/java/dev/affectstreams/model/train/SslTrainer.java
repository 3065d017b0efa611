package dev.affectstreams.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.GradMode;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.RowOrder;
import dev.affectstreams.model.heads.HeadOutputs;
import dev.affectstreams.model.loss.SslLoss;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Self-supervised training of the heads on unlabelled per-clip features: AdamW, the reference's
 * learning-rate schedule, every gradient checked finite, a checkpoint after every epoch. A run
 * is a job: {@link #run} returns a {@link TrainingReport}.
 */
public final class SslTrainer {

    private final ConCluGenModel model;
    private final SslOptions options;
    private final TrainingListener listener;

    public SslTrainer(ConCluGenModel model, SslOptions options, TrainingListener listener) {
        this.model = model;
        this.options = options;
        this.listener = listener;
    }

    public TrainingReport run(FeatureMatrix data) {
        GradMode.offOnThisThread();
        if (!data.modalities().equals(model.config().modalities())) {
            throw new IllegalArgumentException("features hold " + data.modalities() + " but the model expects "
                    + model.config().modalities());
        }
        long started = System.nanoTime();
        AdamW optimizer = new AdamW(model.manager(), options.weightDecay());
        int firstEpoch = restore(optimizer) + 1;
        List<Pair<String, NDArray>> trainable = model.trainableParameters();
        SslLoss loss = new SslLoss(model.config(), options.batchSize());
        List<TrainingReport.EpochSummary> summaries = new ArrayList<>();
        long steps = 0;
        long samples = 0;
        long[] occupancy = new long[0];
        for (int epoch = firstEpoch; epoch < options.epochs() && !capped(steps); epoch++) {
            Engine.getInstance().setRandomSeed((int) mix(options.seed(), epoch));
            loss.startEpoch();
            double lr = options.schedule().at(epoch);
            int[] order = RowOrder.shuffled(data.size(), new Random(mix(options.seed(), epoch)));
            Random kmeansRandom = new Random(mix(options.seed() + 1, epoch));
            // batch norm and the contrastive loss need at least two clips per batch
            List<int[]> batches = RowOrder.batches(order, options.batchSize(), 2);
            EpochAccumulator acc = new EpochAccumulator();
            for (int b = 0; b < batches.size() && !capped(steps); b++) {
                StepResult step = step(data, batches.get(b), loss, epoch, kmeansRandom, trainable, optimizer, lr);
                if (step == null) {
                    continue;
                }
                acc.add(step);
                steps++;
                samples += batches.get(b).length;
                occupancy = step.occupancy() == null ? occupancy : step.occupancy();
                listener.onStep(epoch, b + 1, batches.size(), step.total());
            }
            TrainingReport.EpochSummary summary = acc.summary(epoch, lr);
            summaries.add(summary);
            listener.onEpoch(summary);
            checkpoint(optimizer, epoch);
        }
        return new TrainingReport(firstEpoch, summaries, steps, samples, occupancy,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private StepResult step(FeatureMatrix data, int[] rows, SslLoss loss, int epoch, Random random,
                            List<Pair<String, NDArray>> trainable, AdamW optimizer, double lr) {
        try (NDScope ignored = new NDScope()) {
            NDList x = data.batch(model.manager(), rows);
            SslLoss.Breakdown breakdown;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = model.heads().forward(model.parameterStore(), x, true);
                breakdown = loss.compute(HeadOutputs.of(out), x, epoch, random);
                if (breakdown.total() == null) {
                    return null;
                }
                collector.backward(breakdown.total());
            }
            double norm = Gradients.checkedNorm(trainable);
            optimizer.update(trainable, lr);
            Gradients.zero(trainable);
            return new StepResult(breakdown.total().getFloat(), breakdown.terms(), norm, breakdown.occupancy());
        }
    }

    private int restore(AdamW optimizer) {
        try {
            return Checkpoint.restore(options.checkpointDir(), model, optimizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + options.checkpointDir(), e);
        }
    }

    private void checkpoint(AdamW optimizer, int epoch) {
        if (options.checkpointDir() == null) {
            return;
        }
        try {
            Checkpoint.save(options.checkpointDir(), model, optimizer, epoch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + options.checkpointDir(), e);
        }
    }

    private boolean capped(long steps) {
        return options.maxSteps() > 0 && steps >= options.maxSteps();
    }

    static long mix(long seed, int epoch) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    private record StepResult(double total, Map<SslTask, Double> terms, double gradNorm, long[] occupancy) {
    }

    private static final class EpochAccumulator {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private double gradNorms;
        private int steps;

        void add(StepResult step) {
            step.terms().forEach((task, value) -> sums.merge(task.key(), value, Double::sum));
            sums.merge("total", step.total(), Double::sum);
            gradNorms += step.gradNorm();
            steps++;
        }

        TrainingReport.EpochSummary summary(int epoch, double lr) {
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, v) -> means.put(k, v / Math.max(1, steps)));
            return new TrainingReport.EpochSummary(epoch, lr, means, gradNorms / Math.max(1, steps));
        }
    }
}

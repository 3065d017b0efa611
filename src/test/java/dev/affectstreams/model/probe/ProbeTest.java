package dev.affectstreams.model.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.affectstreams.model.LabelSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeTest {

    @Test
    void shouldComputeBceWithPositiveWeightsByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[][] {{0f, 2f}});
            NDArray targets = m.create(new float[][] {{1f, 0f}});
            NDArray posWeight = m.create(new float[] {3f, 5f});

            double loss = ProbeLoss.bceWithLogits(logits, targets, posWeight).getFloat();

            double first = 3 * Math.log(1 + Math.exp(-0.0));
            double second = Math.log(1 + Math.exp(2.0));
            assertThat(loss).isCloseTo((first + second) / 2, within(1e-5));
        }
    }

    @Test
    void shouldDivideWeightedCrossEntropyByTheWeightsOfTheTrueClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[][] {{1f, 0f}, {0f, 0f}});
            NDArray oneHot = m.create(new float[][] {{1f, 0f}, {0f, 1f}});
            NDArray weight = m.create(new float[] {4f, 1f});

            double loss = ProbeLoss.weightedCrossEntropy(logits, oneHot, weight).getFloat();

            double row0 = Math.log(1 + Math.exp(-1.0));
            double row1 = Math.log(2);
            assertThat(loss).isCloseTo((4 * row0 + row1) / 5, within(1e-5));
        }
    }

    @Test
    void shouldLearnASeparableProblemAndKeepTheBestEpoch() {
        LabelSet set = new LabelSet("toy@1", List.of("left", "right"), false, List.of());
        Random random = new Random(1);
        int n = 200;
        int width = 4;
        float[] x = new float[n * width];
        float[] y = new float[n * 2];
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            for (int j = 0; j < width; j++) {
                x[i * width + j] = (float) (random.nextGaussian() * 0.3 + (j == cls ? 2 : 0));
            }
            y[i * 2 + cls] = 1f;
        }
        ProbeOptions options = new ProbeOptions(40, 64, dev.affectstreams.model.train.LearningRateSchedule.probe(0.05),
                0.004, 15, 3);

        ProbeTrainer.Result result = new ProbeTrainer(options).fit(x, y, x, y, width, set, Device.cpu());

        try (LinearProbe probe = result.probe()) {
            assertThat(result.report().validation().accuracy()).isGreaterThan(0.95);
            assertThat(result.report().bestEpoch()).isBetween(0, result.report().epochsRun() - 1);
            assertThat(Predictions.metrics(set, Predictions.logits(probe, x, width), y).accuracy())
                    .isEqualTo(result.report().validation().accuracy());
        }
    }

    @Test
    void shouldUseTrainingClassFrequenciesWhenTheLabelSetHasNoWeights() {
        float[] targets = {1, 0, 0, 1, 0, 1, 0, 1};

        float[] w = ProbeTrainer.lossWeights(new LabelSet("two@1", List.of("a", "b"), false, List.of()), targets);

        assertThat(w).containsExactly(0.25f, 0.75f);
    }
}

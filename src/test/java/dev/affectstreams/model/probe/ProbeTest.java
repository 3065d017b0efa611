package dev.affectstreams.model.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.train.LearningRateSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        ProbeOptions options = new ProbeOptions(40, 64, LearningRateSchedule.probe(0.05),
                0.004, 15, 3, false);

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

        float[] w = ProbeTrainer.lossWeights(new LabelSet("two@1", List.of("a", "b"), false, List.of()), targets,
                false);

        assertThat(w).containsExactly(0.25f, 0.75f);
    }

    @Test
    void shouldWeighPositivesByTheTrainingLabelsOwnRatesUnlessTheReferenceWeightsAreAskedFor() {
        // 4 samples: happy present in 2, sad in 1, anger in none
        float[] targets = new float[4 * 6];
        targets[0] = 1;
        targets[6] = 1;
        targets[12 + 1] = 1;

        float[] own = ProbeTrainer.lossWeights(LabelSet.MOSEI_6, targets, false);
        float[] reference = ProbeTrainer.lossWeights(LabelSet.MOSEI_6, targets, true);

        assertThat(own).containsExactly(1f, 3f, 1f, 1f, 1f, 1f);
        assertThat(reference[5]).isEqualTo(23.688f, within(1e-4f));
    }

    @Test
    void shouldCalibrateThresholdsSoThatTheDominantLabelIsRightOnValidation() {
        LabelSet set = new LabelSet("two@1", List.of("a", "b"), true, List.of());
        // label a: positives score 0.3-0.4, negatives 0.1-0.2, so 0.5 would miss every positive;
        // label b never present in validation, yet scoring 0.6 and 0.9 on two seconds
        float[] scores = {0.35f, 0.9f, 0.4f, 0.1f, 0.15f, 0.2f, 0.2f, 0.3f, 0.3f, 0.6f};
        float[] targets = {1, 0, 1, 0, 0, 0, 0, 0, 1, 0};

        Thresholds t = Thresholds.calibrate(set, scores, targets);

        assertThat(t.of(0)).isGreaterThan(0.2f).isLessThanOrEqualTo(0.3f);
        assertThat(t.of(1)).as("b is never present: raised above the default so it does not win").isGreaterThan(0.6f);
        int[] decided = new int[5];
        for (int i = 0; i < 5; i++) {
            decided[i] = t.dominant(new float[] {scores[2 * i], scores[2 * i + 1]});
        }
        assertThat(decided).as("a where present, neutral elsewhere").containsExactly(0, 0, -1, -1, 0);
        float[] logits = {0.35f, 0.4f, 0.1f, 0.2f, 0.3f};
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(logits[i] / (1 - logits[i]));
        }
        float[] oneLabel = {1, 1, 0, 0, 1};
        LabelSet a = new LabelSet("one@1", List.of("a"), true, List.of());
        assertThat(Predictions.metrics(a, logits, oneLabel).f1()).isZero();
        assertThat(Predictions.metrics(a, logits, oneLabel, new Thresholds(List.of("a"), List.of(t.of(0)))).f1())
                .isEqualTo(1.0, within(1e-9));
    }

    @Test
    void shouldSayNeutralWhenNoLabelReachesItsThresholdAndOtherwiseTheLargestMargin() {
        Thresholds t = new Thresholds(List.of("a", "b", "c"), List.of(0.3f, 0.8f, 0.5f));

        assertThat(t.dominant(new float[] {0.29f, 0.79f, 0.49f})).as("none reached: neutral").isEqualTo(-1);
        assertThat(t.dominant(new float[] {0.45f, 0.9f, 0.1f})).as("a by 0.15 beats b by 0.10").isZero();
        assertThat(t.dominant(new float[] {0.31f, 0.95f, 0.1f})).as("b by 0.15 beats a by 0.01").isEqualTo(1);
    }

    @Test
    void shouldRoundTripThresholdsAndRefuseAMissingLabel(@TempDir Path dir)
            throws IOException {
        Thresholds t = new Thresholds(LabelSet.MOSEI_6.labels(), List.of(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f));
        t.save(dir.resolve(Thresholds.FILE));

        assertThat(Thresholds.load(LabelSet.MOSEI_6, dir.resolve(Thresholds.FILE))).isEqualTo(t);
        LabelSet more = new LabelSet("seven@1", List.of("happy", "sad", "anger", "surprise", "disgust", "fear", "x"),
                true, List.of());
        Assertions.assertThatThrownBy(() -> Thresholds.load(more, dir.resolve(Thresholds.FILE)))
                .hasMessageContaining("label x");
    }
}

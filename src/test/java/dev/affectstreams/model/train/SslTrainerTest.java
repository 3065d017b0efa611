package dev.affectstreams.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.util.Pair;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.TinyModels;
import dev.affectstreams.model.data.FeatureMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SslTrainerTest {

    private static final ModelConfig CONFIG = TinyModels.config();
    private static final FeatureMatrix DATA = TinyModels.features(CONFIG, 40, 9, 0);
    private static final SslOptions OPTIONS = new SslOptions(4, 16, LearningRateSchedule.pretraining(1e-2), 1e-3, 7,
            0, null);

    @Test
    void shouldReduceTheLossAndReportEveryTerm() {
        try (ConCluGenModel model = ConCluGenModel.create(CONFIG, Device.cpu(), 7)) {
            TrainingReport report = new SslTrainer(model, OPTIONS.withEpochs(8), TrainingListener.NONE).run(DATA);

            assertThat(report.epochs()).hasSize(8);
            assertThat(report.steps()).isEqualTo(8 * 3);
            assertThat(report.samples()).isEqualTo(8 * 40);
            assertThat(report.last().meanLoss()).containsKeys("con", "clu", "gen", "total");
            assertThat(report.last().meanLoss().get("total")).isLessThan(report.epochs().get(0).meanLoss().get("total"));
            assertThat(report.clusterOccupancy()).hasSize(4);
        }
    }

    @Test
    void shouldBeReproducibleFromTheSeed() {
        assertSameValues(parametersAfter(OPTIONS), parametersAfter(OPTIONS));
    }

    @Test
    void shouldResumeFromACheckpointBitExactly(@TempDir Path dir) {
        List<float[]> straight = parametersAfter(OPTIONS);
        Path checkpoint = dir.resolve("ckpt");

        try (ConCluGenModel model = ConCluGenModel.create(CONFIG, Device.cpu(), 7)) {
            new SslTrainer(model, OPTIONS.withEpochs(2).withCheckpointDir(checkpoint), TrainingListener.NONE).run(DATA);
        }
        assertThat(Files.exists(checkpoint.resolve("state.json"))).isTrue();
        List<float[]> resumed;
        try (ConCluGenModel fresh = ConCluGenModel.create(CONFIG, Device.cpu(), 99)) {
            TrainingReport report = new SslTrainer(fresh, OPTIONS.withCheckpointDir(checkpoint),
                    TrainingListener.NONE).run(DATA);
            assertThat(report.firstEpoch()).isEqualTo(2);
            resumed = snapshot(fresh);
        }

        assertSameValues(resumed, straight);
    }

    private static void assertSameValues(List<float[]> actual, List<float[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("parameter %d", i).containsExactly(expected.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIDEO,AUDIO", "VIDEO,TEXT"})
    void shouldTrainOnTwoModalities(String modalities) {
        List<Modality> chosen = Arrays.stream(modalities.split(","))
                .map(Modality::valueOf).toList();
        ModelConfig two = CONFIG.withModalities(chosen);
        try (ConCluGenModel model = ConCluGenModel.create(two, Device.cpu(), 7)) {
            TrainingReport report = new SslTrainer(model, OPTIONS.withEpochs(2), TrainingListener.NONE)
                    .run(DATA.select(chosen));

            assertThat(report.steps()).isEqualTo(6);
            assertThat(report.last().meanLoss().get("total")).isFinite();
            assertThat(model.config().fusedDim()).isEqualTo(2 * CONFIG.representationDim());
        }
    }

    @Test
    void shouldStopAtTheStepCap() {
        try (ConCluGenModel model = ConCluGenModel.create(CONFIG, Device.cpu(), 7)) {
            TrainingReport report = new SslTrainer(model, OPTIONS.withMaxSteps(5), TrainingListener.NONE).run(DATA);

            assertThat(report.steps()).isEqualTo(5);
        }
    }

    @Test
    void shouldFollowTheWarmupAndDecayingRestarts() {
        LearningRateSchedule s = LearningRateSchedule.pretraining(1.0);

        assertThat(s.at(0)).isEqualTo(0.1);
        assertThat(s.at(4)).isCloseTo(0.82, Assertions.within(1e-12));
        assertThat(s.at(5)).isEqualTo(1.0);
        assertThat(s.at(15)).isCloseTo((1.0 + 1e-6) / 2, Assertions.within(1e-12));
        assertThat(s.at(25)).isCloseTo(0.75, Assertions.within(1e-12));
        assertThat(s.at(65)).isCloseTo(0.75 * 0.75, Assertions.within(1e-12));
    }

    private static List<float[]> parametersAfter(SslOptions options) {
        try (ConCluGenModel model = ConCluGenModel.create(CONFIG, Device.cpu(), 7)) {
            new SslTrainer(model, options, TrainingListener.NONE).run(DATA);
            return snapshot(model);
        }
    }

    private static List<float[]> snapshot(ConCluGenModel model) {
        return model.heads().getParameters().stream().map(Pair::getValue).map(p -> p.getArray().toFloatArray())
                .toList();
    }
}

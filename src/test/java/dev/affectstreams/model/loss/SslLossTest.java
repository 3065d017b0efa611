package dev.affectstreams.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.TinyModels;
import dev.affectstreams.model.heads.HeadOutputs;
import dev.affectstreams.model.train.Gradients;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SslLossTest {

    private static final int[] ROWS = {0, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void shouldAverageWeightedActiveLossesAndCountClusteringOnlyFromItsStartEpoch() {
        ModelConfig base = TinyModels.config();
        ModelConfig config = new ModelConfig(base.modalities(), base.inputDims(), 16, 8, 4, 8,
                EnumSet.allOf(SslTask.class), Map.of(SslTask.CON, 0.5, SslTask.CLU, 2.0, SslTask.GEN, 1.5),
                ModelConfig.ClusteringMode.JOINT, 2, 0, 1);
        try (ConCluGenModel model = ConCluGenModel.create(config, Device.cpu(), 1)) {
            NDList x = TinyModels.features(config, 8, 2, 0).batch(model.manager(), ROWS);
            HeadOutputs out = HeadOutputs.of(model.heads().forward(model.parameterStore(), x, true));
            SslLoss loss = new SslLoss(config, ROWS.length);

            SslLoss.Breakdown before = loss.compute(out, x, 1, new Random(1));
            SslLoss.Breakdown after = loss.compute(out, x, 2, new Random(1));

            double con = before.terms().get(SslTask.CON);
            double gen = before.terms().get(SslTask.GEN);
            double clu = after.terms().get(SslTask.CLU);
            assertThat(before.terms()).containsKey(SslTask.CLU);
            assertThat((double) before.total().getFloat()).isCloseTo((0.5 * con + 1.5 * gen) / 2, within(1e-5));
            assertThat((double) after.total().getFloat()).isCloseTo((0.5 * con + 2.0 * clu + 1.5 * gen) / 3,
                    within(1e-5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"con", "clu", "gen", "conclugen"})
    void shouldGiveFiniteNonZeroGradientsToTheRepresentationHeads(String tasks) {
        ModelConfig config = TinyModels.config().withTasks(SslTask.parseCombination(tasks));
        try (ConCluGenModel model = ConCluGenModel.create(config, Device.cpu(), 3)) {
            NDList x = TinyModels.features(config, 8, 4, 0).batch(model.manager(), ROWS);
            List<Pair<String, NDArray>> params = model.trainableParameters();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList out = model.heads().forward(model.parameterStore(), x, true);
                NDArray total = new SslLoss(config, ROWS.length).compute(HeadOutputs.of(out), x, 0, new Random(2)).total();
                collector.backward(total);
            }

            assertThat(Gradients.checkedNorm(params)).isPositive();
            for (Modality m : config.modalities()) {
                double headNorm = Gradients.checkedNorm(params.stream()
                        .filter(p -> p.getKey().contains("representation_" + m.key()))
                        .toList());
                assertThat(headNorm).as("gradient of the %s head under %s", m.key(), tasks).isPositive();
            }
        }
    }

    @Test
    void shouldParseEveryCombination() {
        assertThat(SslTask.parseCombination("ConCluGen")).isEqualTo(EnumSet.allOf(SslTask.class));
        assertThat(SslTask.parseCombination("clu+gen")).isEqualTo(Set.of(SslTask.CLU, SslTask.GEN));
        assertThat(SslTask.nameOf(Set.of(SslTask.GEN, SslTask.CON))).isEqualTo("ConGen");
        Assertions.assertThatThrownBy(() -> SslTask.parseCombination("conx"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.RowOrder;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.probe.ProbeTrainer;
import dev.affectstreams.model.probe.Representations;
import dev.affectstreams.model.train.LearningRateSchedule;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.SslTrainer;
import dev.affectstreams.model.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The project's own test of the paper's claim, on {@link SyntheticFeatureWorld}: pretrain the
 * heads with each combination of tasks on unlabelled clips, fit the linear probe with a small
 * fraction of the labels, and compare weighted F1 on held-out participants with the same
 * probe on untrained heads.
 */
public final class LearningEvidence {

    /** Untrained heads: the "no pretraining" baseline. */
    public static final String UNTRAINED = "untrained";

    /** Sizes and training settings of a run. */
    public record Settings(long seed, int trainClips, int trainParticipants, int validationClips, int testClips,
                           int epochs, int batchSize, double learningRate, List<Double> labelFractions,
                           List<Set<SslTask>> combinations) {

        public static Settings standard(long seed) {
            List<Set<SslTask>> combos = List.of(EnumSet.of(SslTask.CON), EnumSet.of(SslTask.CLU),
                    EnumSet.of(SslTask.GEN), EnumSet.of(SslTask.CON, SslTask.CLU), EnumSet.of(SslTask.CON, SslTask.GEN),
                    EnumSet.of(SslTask.CLU, SslTask.GEN), EnumSet.allOf(SslTask.class));
            return new Settings(seed, 6000, 300, 1000, 2000, 30, 256, 1e-3, List.of(0.01, 0.10), combos);
        }
    }

    /** Weighted F1 and accuracy on the test participants for one pretraining × label fraction. */
    public record Row(String pretraining, double labelFraction, int labelledClips, double f1, double accuracy,
                      double pretrainSeconds) {
    }

    private LearningEvidence() {
    }

    public static List<Row> run(Settings s, Consumer<String> log) {
        SyntheticFeatureWorld world = new SyntheticFeatureWorld(s.seed());
        FeatureMatrix train = world.sample(s.trainClips(), s.trainParticipants());
        FeatureMatrix validation = world.sample(s.validationClips(), Math.max(2, s.trainParticipants() / 6));
        FeatureMatrix test = world.sample(s.testClips(), Math.max(2, s.trainParticipants() / 3));
        List<Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(UNTRAINED);
        s.combinations().forEach(c -> names.add(SslTask.nameOf(c)));
        for (String name : names) {
            ModelConfig config = config(name.equals(UNTRAINED) ? EnumSet.allOf(SslTask.class)
                    : SslTask.parseCombination(name));
            try (ConCluGenModel model = ConCluGenModel.create(config, Device.cpu(), s.seed())) {
                long start = System.nanoTime();
                if (!name.equals(UNTRAINED)) {
                    SslOptions options = new SslOptions(s.epochs(), s.batchSize(),
                            LearningRateSchedule.pretraining(s.learningRate()), 1e-3, s.seed(), 0, null);
                    new SslTrainer(model, options, TrainingListener.NONE).run(train);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rows.addAll(probe(model, name, seconds, train, validation, test, s));
                rows.subList(rows.size() - s.labelFractions().size(), rows.size())
                        .forEach(r -> log.accept(String.format("%-10s labels %4.0f%% (%4d clips)  F1 %.3f  acc %.3f",
                                r.pretraining(), 100 * r.labelFraction(), r.labelledClips(), r.f1(), r.accuracy())));
            }
        }
        return rows;
    }

    private static List<Row> probe(ConCluGenModel model, String name, double seconds, FeatureMatrix train,
                                   FeatureMatrix validation, FeatureMatrix test, Settings s) {
        int width = model.config().fusedDim();
        float[] trainX = Representations.fused(model, train);
        float[] valX = Representations.fused(model, validation);
        float[] testX = Representations.fused(model, test);
        List<Row> rows = new ArrayList<>();
        for (double fraction : s.labelFractions()) {
            int keep = Math.max(2, (int) Math.round(train.size() * fraction));
            int[] chosen = Arrays.copyOf(RowOrder.shuffled(train.size(), new Random(s.seed() + 17)), keep);
            float[] x = new float[keep * width];
            float[] y = new float[keep * SyntheticFeatureWorld.LABELS.size()];
            int c = SyntheticFeatureWorld.LABELS.size();
            for (int i = 0; i < keep; i++) {
                System.arraycopy(trainX, chosen[i] * width, x, i * width, width);
                System.arraycopy(train.targets(), chosen[i] * c, y, i * c, c);
            }
            ProbeTrainer.Result fitted = new ProbeTrainer(ProbeOptions.defaults().withSeed(s.seed()))
                    .fit(x, y, valX, validation.targets(), width, SyntheticFeatureWorld.LABELS, Device.cpu());
            try (LinearProbe probe = fitted.probe()) {
                var report = Predictions.metrics(SyntheticFeatureWorld.LABELS,
                        Predictions.logits(probe, testX, width), test.targets());
                rows.add(new Row(name, fraction, keep, report.f1(), report.accuracy(), seconds));
            }
        }
        return rows;
    }

    /** Small heads for the synthetic world: R 64, P 32, K 12, D 32; clustering from epoch 3. */
    static ModelConfig config(Set<SslTask> tasks) {
        return new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO, Modality.TEXT), SyntheticFeatureWorld.DIMS,
                64, 32, 12, 32, tasks, ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 3, 0, 1);
    }
}

package dev.affectstreams.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.SslTrainer;
import dev.affectstreams.model.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Throughput of the heads at a given scale: self-supervised training (all three losses, AdamW
 * step included) in clips/s, and inference of representation heads plus classifier in clips/s,
 * per batch size. Each figure follows a warm-up and is measured over several batches.
 */
public final class ModelThroughput {

    private ModelThroughput() {
    }

    /** One measurement. */
    public record Row(String what, int batchSize, int batches, double seconds, double clipsPerSecond) {
    }

    public static List<Row> run(ModelConfig config, Device device, List<Integer> batchSizes, double secondsPerFigure,
                                Consumer<String> log) {
        List<Row> rows = new ArrayList<>();
        try (ConCluGenModel model = ConCluGenModel.create(config, device, 1);
             LinearProbe probe = LinearProbe.create(LabelSet.MOSEI_6, config.fusedDim(), device, 1)) {
            for (int batch : batchSizes) {
                if (batch >= 2) {
                    rows.add(log(log, training(model, batch, secondsPerFigure)));
                }
                rows.add(log(log, inference(model, probe, batch, secondsPerFigure)));
            }
        }
        return rows;
    }

    private static Row log(Consumer<String> log, Row row) {
        log.accept(String.format("%-22s batch %4d  %8.1f clips/s  (%d batches in %.2f s)", row.what(),
                row.batchSize(), row.clipsPerSecond(), row.batches(), row.seconds()));
        return row;
    }

    /**
     * Steady-state training throughput: the time between the first and the last step callback of
     * one run, so optimiser-state allocation and the first step's warm-up are not counted.
     */
    private static Row training(ConCluGenModel model, int batch, double budget) {
        double stepSeconds = timeSteps(model, batch, 2).seconds() / 1;
        int steps = (int) Math.max(2, Math.min(50, Math.round(budget / Math.max(stepSeconds, 1e-3))));
        Row measured = timeSteps(model, batch, steps + 1);
        return new Row("ssl-training-step", batch, measured.batches(), measured.seconds(),
                measured.batches() * (double) batch / measured.seconds());
    }

    /** Runs {@code steps} steps and times steps 2..n. */
    private static Row timeSteps(ConCluGenModel model, int batch, int steps) {
        FeatureMatrix data = randomFeatures(model.config(), batch * steps, 11);
        long[] times = new long[steps + 1];
        int[] seen = {0};
        TrainingListener clock = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, int stepsPerEpoch, double loss) {
                times[seen[0]++] = System.nanoTime();
            }
        };
        new SslTrainer(model, SslOptions.defaults(1, batch).withMaxSteps(steps), clock).run(data);
        int timed = seen[0] - 1;
        return new Row("ssl-training-step", batch, timed, (times[seen[0] - 1] - times[0]) / 1e9, 0);
    }

    private static Row inference(ConCluGenModel model, LinearProbe probe, int batch, double budget) {
        FeatureMatrix data = randomFeatures(model.config(), batch, 12);
        int[] rows = new int[batch];
        for (int i = 0; i < batch; i++) {
            rows[i] = i;
        }
        predict(model, probe, data, rows);
        long start = System.nanoTime();
        int batches = 0;
        do {
            predict(model, probe, data, rows);
            batches++;
        } while ((System.nanoTime() - start) / 1e9 < budget || batches < 3);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row("heads+classifier-infer", batch, batches, seconds, batches * (double) batch / seconds);
    }

    private static void predict(ConCluGenModel model, LinearProbe probe, FeatureMatrix data, int[] rows) {
        try (NDScope ignored = new NDScope()) {
            NDList r = model.represent(data.batch(model.manager(), rows));
            NDArray logits = probe.logits(NDArrays.concat(r, 1), false);
            logits.toFloatArray();
        }
    }

    static FeatureMatrix randomFeatures(ModelConfig config, int n, long seed) {
        Random random = new Random(seed);
        Map<Modality, float[]> values = new EnumMap<>(Modality.class);
        for (var m : config.modalities()) {
            float[] v = new float[n * config.inputDim(m)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.abs(random.nextGaussian());
            }
            values.put(m, v);
        }
        String[] groups = new String[n];
        Arrays.fill(groups, "bench");
        return new FeatureMatrix(config.modalities(), values, config.inputDims(), null, 0, groups);
    }

    public static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("| measure | batch | clips/s |\n|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %d | %.1f |%n", r.what(), r.batchSize(), r.clipsPerSecond()));
        }
        return md.toString();
    }
}

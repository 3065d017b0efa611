package dev.affectstreams.model;

import dev.affectstreams.model.data.FeatureMatrix;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small configurations and random features so model tests run in milliseconds. */
public final class TinyModels {

    private TinyModels() {
    }

    public static ModelConfig config(SslTask... tasks) {
        EnumSet<SslTask> set = tasks.length == 0 ? EnumSet.allOf(SslTask.class) : EnumSet.of(tasks[0], tasks);
        return new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO, Modality.TEXT),
                Map.of(Modality.VIDEO, 12, Modality.AUDIO, 8, Modality.TEXT, 6), 16, 8, 4, 8, set,
                ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 0, 0, 1);
    }

    /** Random non-negative features (like pooled ReLU outputs) for n clips, with optional one-hot targets. */
    public static FeatureMatrix features(ModelConfig config, int n, long seed, int classes) {
        Random random = new Random(seed);
        Map<Modality, float[]> values = new EnumMap<>(Modality.class);
        for (Modality m : config.modalities()) {
            float[] v = new float[n * config.inputDim(m)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) Math.abs(random.nextGaussian());
            }
            values.put(m, v);
        }
        float[] targets = null;
        if (classes > 0) {
            targets = new float[n * classes];
            for (int i = 0; i < n; i++) {
                targets[i * classes + random.nextInt(classes)] = 1f;
            }
        }
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            groups[i] = "p" + (i % 10);
        }
        return new FeatureMatrix(config.modalities(), values, config.inputDims(), targets, classes, groups);
    }
}

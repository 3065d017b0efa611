package dev.affectstreams.model.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.model.LabelSet;

/** Scores, decisions and metrics of a probe on precomputed representations. */
public final class Predictions {

    private static final int BATCH = 4096;

    private Predictions() {
    }

    /** Logits for every row of an N × width matrix. */
    public static float[] logits(LinearProbe probe, float[] fused, int width) {
        int n = fused.length / width;
        int c = probe.labelSet().size();
        float[] out = new float[n * c];
        for (int start = 0; start < n; start += BATCH) {
            int rows = Math.min(BATCH, n - start);
            try (NDScope ignored = new NDScope()) {
                float[] chunk = new float[rows * width];
                System.arraycopy(fused, start * width, chunk, 0, chunk.length);
                NDArray x = probe.manager().create(chunk, new Shape(rows, width));
                System.arraycopy(probe.logits(x, false).toFloatArray(), 0, out, start * c, rows * c);
            }
        }
        return out;
    }

    /** Metrics of logits against targets (0/1 per label, or one-hot), as the reference computes them (sigmoid ≥ 0.5). */
    public static ClassificationMetrics.Report metrics(LabelSet set, float[] logits, float[] targets) {
        return metrics(set, logits, targets, Thresholds.fixed(set, 0.5f));
    }

    /** The same with per-label thresholds on the sigmoid scores of a multi-label set. */
    public static ClassificationMetrics.Report metrics(LabelSet set, float[] logits, float[] targets,
                                                       Thresholds thresholds) {
        int c = set.size();
        int n = targets.length / c;
        if (set.multiLabel()) {
            boolean[][] predicted = new boolean[n][c];
            boolean[][] truth = new boolean[n][c];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < c; j++) {
                    predicted[i][j] = sigmoid(logits[i * c + j]) >= thresholds.of(j);
                    truth[i][j] = targets[i * c + j] > 0.5f;
                }
            }
            return ClassificationMetrics.multiLabel(set.labels(), predicted, truth);
        }
        int[] predicted = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = argMax(logits, i * c, c);
            truth[i] = argMax(targets, i * c, c);
        }
        return ClassificationMetrics.multiClass(set.labels(), predicted, truth);
    }

    /** Element-wise logistic function. */
    public static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = sigmoid(logits[i]);
        }
        return p;
    }

    static float sigmoid(float x) {
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private static int argMax(float[] values, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}

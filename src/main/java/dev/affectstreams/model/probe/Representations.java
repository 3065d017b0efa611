package dev.affectstreams.model.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.data.FeatureMatrix;

/**
 * The classifier's input, computed once with the heads frozen: the concatenation of the
 * modalities' representations [r_v; r_a; r_t] per clip.
 */
public final class Representations {

    private static final int BATCH = 512;

    private Representations() {
    }

    /** N × (M·R) values, row-major. */
    public static float[] fused(ConCluGenModel model, FeatureMatrix data) {
        int width = model.config().fusedDim();
        float[] out = new float[data.size() * width];
        for (int start = 0; start < data.size(); start += BATCH) {
            int end = Math.min(data.size(), start + BATCH);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = start + i;
            }
            try (NDScope ignored = new NDScope()) {
                NDList r = model.represent(data.batch(model.manager(), rows));
                NDArray fused = NDArrays.concat(r, 1);
                System.arraycopy(fused.toFloatArray(), 0, out, start * width, rows.length * width);
            }
        }
        return out;
    }
}

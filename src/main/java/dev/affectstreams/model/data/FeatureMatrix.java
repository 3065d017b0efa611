package dev.affectstreams.model.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.model.Modality;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-clip features held in memory as one dense row-major float array per modality, with
 * optional targets; the training loops draw batches from it.
 *
 * @param modalities  modalities present, in model order
 * @param features    N × dim values per modality
 * @param dims        dim per modality
 * @param targets     N × C targets, or null when unlabelled
 * @param groups      a grouping id per row (participant), for splits that keep a group together
 */
public record FeatureMatrix(List<Modality> modalities, Map<Modality, float[]> features, Map<Modality, Integer> dims,
                            float[] targets, int targetWidth, String[] groups) {

    public int size() {
        return groups.length;
    }

    /** Features of the given rows, one [B, dim] array per modality in model order. */
    public NDList batch(NDManager manager, int[] rows) {
        NDList list = new NDList();
        for (Modality m : modalities) {
            list.add(gather(manager, features.get(m), dims.get(m), rows));
        }
        return list;
    }

    /** Targets of the given rows, [B, C]. */
    public NDArray targets(NDManager manager, int[] rows) {
        if (targets == null) {
            throw new IllegalStateException("the features carry no labels");
        }
        return gather(manager, targets, targetWidth, rows);
    }

    /** The target of one row. */
    public float[] targetRow(int row) {
        float[] out = new float[targetWidth];
        System.arraycopy(targets, row * targetWidth, out, 0, targetWidth);
        return out;
    }

    /** The same rows with only the given modalities, which must be present. */
    public FeatureMatrix select(List<Modality> chosen) {
        if (chosen.equals(modalities)) {
            return this;
        }
        if (!modalities.containsAll(chosen)) {
            throw new IllegalArgumentException("features hold " + modalities + ", not " + chosen);
        }
        return new FeatureMatrix(chosen, features, dims, targets, targetWidth, groups);
    }

    /** A matrix of the given rows only. */
    public FeatureMatrix subset(int[] rows) {
        Map<Modality, float[]> sub = new EnumMap<>(Modality.class);
        for (Modality m : modalities) {
            sub.put(m, copyRows(features.get(m), dims.get(m), rows));
        }
        String[] g = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            g[i] = groups[rows[i]];
        }
        return new FeatureMatrix(modalities, sub, dims, targets == null ? null : copyRows(targets, targetWidth, rows),
                targetWidth, g);
    }

    private static NDArray gather(NDManager manager, float[] flat, int dim, int[] rows) {
        return manager.create(copyRows(flat, dim, rows), new Shape(rows.length, dim));
    }

    private static float[] copyRows(float[] flat, int dim, int[] rows) {
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(flat, rows[i] * dim, out, i * dim, dim);
        }
        return out;
    }
}

package dev.affectstreams.model.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * What the heads produce for a batch, one entry per modality in model order: representations
 * r, projections p, normalised projections z, cluster logits q and reconstructions x̂.
 */
public record HeadOutputs(List<NDArray> r, List<NDArray> p, List<NDArray> z, List<NDArray> q, List<NDArray> xhat) {

    static final int PARTS = 5;

    NDList toList() {
        NDList list = new NDList();
        list.addAll(r);
        list.addAll(p);
        list.addAll(z);
        list.addAll(q);
        list.addAll(xhat);
        return list;
    }

    /** Reads the layout written by {@link #toList()}. */
    public static HeadOutputs of(NDList list) {
        int m = list.size() / PARTS;
        List<List<NDArray>> parts = new ArrayList<>();
        for (int i = 0; i < PARTS; i++) {
            parts.add(List.copyOf(list.subList(i * m, (i + 1) * m)));
        }
        return new HeadOutputs(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4));
    }
}

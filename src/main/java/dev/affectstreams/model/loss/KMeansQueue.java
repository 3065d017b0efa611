package dev.affectstreams.model.loss;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * FIFO of the fused vectors of past batches that widens the k-means input. Reset at every
 * epoch start; used only once it holds {@code batches} batches. A batch of B rows can be
 * subsampled before it enters: viewed as (128, B/128, K), the first (B/128)/reduction rows of
 * each group are kept, as the reference does.
 */
public final class KMeansQueue {

    private static final int GROUPS = 128;

    private final int batches;
    private final int reduction;
    private final Deque<float[][]> entries = new ArrayDeque<>();

    public KMeansQueue(int batches, int reduction) {
        this.batches = batches;
        this.reduction = reduction;
    }

    public boolean enabled() {
        return batches > 0;
    }

    public boolean full() {
        return enabled() && entries.size() == batches;
    }

    public void reset() {
        entries.clear();
    }

    /** The queued rows, oldest first. */
    public float[][] rows() {
        int total = entries.stream().mapToInt(e -> e.length).sum();
        float[][] rows = new float[total][];
        int i = 0;
        for (float[][] entry : entries) {
            for (float[] row : entry) {
                rows[i++] = row;
            }
        }
        return rows;
    }

    /** Adds a batch (reduced if configured), dropping the oldest batch when full. */
    public void push(float[][] batch) {
        if (!enabled()) {
            return;
        }
        entries.addLast(reduce(batch));
        if (entries.size() > batches) {
            entries.removeFirst();
        }
    }

    float[][] reduce(float[][] batch) {
        if (reduction == 1) {
            return batch;
        }
        int b = batch.length;
        if (b % GROUPS != 0 || (b / GROUPS) % reduction != 0) {
            throw new IllegalArgumentException("a queue reduction of " + reduction + " needs a batch size divisible by "
                    + GROUPS * reduction + ", got " + b);
        }
        int perGroup = b / GROUPS;
        int keep = perGroup / reduction;
        float[][] kept = new float[GROUPS * keep][];
        for (int g = 0; g < GROUPS; g++) {
            for (int i = 0; i < keep; i++) {
                kept[g * keep + i] = batch[g * perGroup + i];
            }
        }
        return kept;
    }
}

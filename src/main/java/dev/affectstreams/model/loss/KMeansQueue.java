package dev.affectstreams.model.loss;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * FIFO of the fused vectors of past batches that widens the k-means input. Reset at every
 * epoch start; used only once it holds {@code batches} batches. A batch can be subsampled
 * before it enters, as the reference does: its rows are taken in consecutive groups of
 * {@code batchSize / 128} (the configured batch size, so 128 groups for a full batch) and the
 * first {@code (batchSize / 128) / reduction} rows of each group are kept. A shorter last
 * batch keeps the same rows of its groups, a trailing partial group as many as it has.
 */
public final class KMeansQueue {

    private static final int GROUPS = 128;

    private final int batches;
    private final int reduction;
    private final int groupLength;
    private final Deque<float[][]> entries = new ArrayDeque<>();

    /**
     * @param batches   how many past batches it holds (0: no queue)
     * @param reduction keep one row in {@code reduction} of each group (1: keep every row)
     * @param batchSize the configured training batch size
     */
    public KMeansQueue(int batches, int reduction, int batchSize) {
        if (batches > 0 && reduction > 1 && batchSize / GROUPS < reduction) {
            throw new IllegalArgumentException("a queue reduction of " + reduction + " needs a batch size of at least "
                    + GROUPS * reduction + " (groups of batch/" + GROUPS + " rows, " + reduction + " or more each), got "
                    + batchSize);
        }
        this.batches = batches;
        this.reduction = reduction;
        this.groupLength = Math.max(1, batchSize / GROUPS);
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
        int keep = groupLength / reduction;
        List<float[]> kept = new ArrayList<>(batch.length / reduction + keep);
        for (int start = 0; start < batch.length; start += groupLength) {
            int end = Math.min(batch.length, start + keep);
            for (int i = start; i < end; i++) {
                kept.add(batch[i]);
            }
        }
        return kept.toArray(float[][]::new);
    }
}

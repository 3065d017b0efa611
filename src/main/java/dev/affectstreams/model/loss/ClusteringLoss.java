package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.affectstreams.model.ModelConfig.ClusteringMode;
import java.util.List;
import java.util.Random;

/**
 * The clustering loss: k-means (cosine, re-fitted every step) on the mean of the modalities'
 * detached cluster logits, optionally widened by one queue of past batches' means, gives
 * pseudo-labels y and centroids c; then for logits f {@code s_bk = f_b · c_k},
 * {@code s_{b,y_b} −= margin}, {@code L = mean_b [logsumexp_k s_bk − s_{b,y_b}]}. Joint mode
 * scores the mean logits; individual mode scores each modality's own logits against the same
 * centroids and labels and sums the terms (as the reference does).
 */
public final class ClusteringLoss {

    private final CosineKMeans kmeans;
    private final ClusteringMode mode;
    private final double margin;
    private final KMeansQueue queue;

    /** @param batchSize the configured training batch size (the queue's reduction groups follow it) */
    public ClusteringLoss(int clusters, ClusteringMode mode, int queueBatches, int queueReduction, int batchSize,
                          double margin) {
        this.kmeans = new CosineKMeans(clusters);
        this.mode = mode;
        this.margin = margin;
        this.queue = new KMeansQueue(queueBatches, queueReduction, batchSize);
    }

    /** The loss and the cluster sizes among the batch's pseudo-labels (for collapse checks). */
    public record Result(NDArray loss, long[] occupancy) {
    }

    /** Empties the queues; the reference does it at every epoch start. */
    public void startEpoch() {
        queue.reset();
    }

    /** @param q cluster-head logits, one [B, K] array per modality in model order */
    public Result compute(List<NDArray> q, Random random) {
        NDArray fused = q.size() == 1 ? q.get(0) : NDArrays.stack(new NDList(q)).mean(new int[] {0});
        NDManager manager = fused.getManager();
        int batch = (int) fused.getShape().get(0);
        int k = (int) fused.getShape().get(1);
        float[][] current = rows(fused.toFloatArray(), batch, k);
        NDArray input = manager.create(concat(queue.full() ? queue.rows() : new float[0][], current));
        queue.push(current);
        CosineKMeans.Result fit = kmeans.fit(input, random);
        long n = input.getShape().get(0);
        NDArray labels = fit.labels().get(new NDIndex((n - batch) + ":"));
        NDArray loss;
        if (mode == ClusteringMode.JOINT) {
            loss = lossFor(fused, fit.centroids(), labels, margin);
        } else {
            loss = null;
            for (NDArray modality : q) {
                NDArray term = lossFor(modality, fit.centroids(), labels, margin);
                loss = loss == null ? term : loss.add(term);
            }
        }
        return new Result(loss, occupancy(labels.toLongArray(), k));
    }

    /** {@code mean_b [logsumexp_k s_bk − s_{b,y_b}]} with {@code s = f cᵀ} and the margin taken off s_{b,y_b}. */
    static NDArray lossFor(NDArray f, NDArray centroids, NDArray labels, double margin) {
        NDArray oneHot = labels.oneHot((int) centroids.getShape().get(0), f.getDataType());
        NDArray scores = f.matMul(centroids.transpose()).sub(oneHot.mul((float) margin));
        return scores.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    private static float[][] rows(float[] flat, int n, int dim) {
        float[][] rows = new float[n][dim];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * dim, rows[i], 0, dim);
        }
        return rows;
    }

    private static float[][] concat(float[][] a, float[][] b) {
        float[][] all = new float[a.length + b.length][];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static long[] occupancy(long[] labels, int k) {
        long[] counts = new long[k];
        for (long label : labels) {
            counts[(int) label]++;
        }
        return counts;
    }
}

package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.affectstreams.model.ModelConfig.ClusteringMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The clustering loss: k-means (cosine, re-fitted every step) on the detached cluster logits,
 * optionally widened by a queue of past batches, gives pseudo-labels y and centroids c; then
 * {@code s_bk = f_b · c_k}, {@code s_{b,y_b} −= margin}, {@code L = mean_b [logsumexp_k s_bk − s_{b,y_b}]}.
 * Joint mode clusters the mean of the modalities' logits; individual mode clusters each
 * modality's logits and sums the losses.
 */
public final class ClusteringLoss {

    private final CosineKMeans kmeans;
    private final ClusteringMode mode;
    private final double margin;
    private final List<KMeansQueue> queues = new ArrayList<>();

    public ClusteringLoss(int clusters, ClusteringMode mode, int modalities, int queueBatches, int queueReduction,
                          double margin) {
        this.kmeans = new CosineKMeans(clusters);
        this.mode = mode;
        this.margin = margin;
        int streams = mode == ClusteringMode.JOINT ? 1 : modalities;
        for (int i = 0; i < streams; i++) {
            queues.add(new KMeansQueue(queueBatches, queueReduction));
        }
    }

    /** The loss and the cluster sizes among the batch's pseudo-labels (for collapse checks). */
    public record Result(NDArray loss, long[] occupancy) {
    }

    /** Empties the queues; the reference does it at every epoch start. */
    public void startEpoch() {
        queues.forEach(KMeansQueue::reset);
    }

    /** @param q cluster-head logits, one [B, K] array per modality in model order */
    public Result compute(List<NDArray> q, Random random) {
        if (mode == ClusteringMode.JOINT) {
            NDArray fused = NDArrays.stack(new NDList(q)).mean(new int[] {0});
            return single(fused, queues.get(0), random);
        }
        NDArray total = null;
        long[] occupancy = null;
        for (int i = 0; i < q.size(); i++) {
            Result r = single(q.get(i), queues.get(i), random);
            total = total == null ? r.loss() : total.add(r.loss());
            occupancy = occupancy == null ? r.occupancy() : add(occupancy, r.occupancy());
        }
        return new Result(total, occupancy);
    }

    private Result single(NDArray f, KMeansQueue queue, Random random) {
        NDManager manager = f.getManager();
        int batch = (int) f.getShape().get(0);
        int k = (int) f.getShape().get(1);
        float[][] current = rows(f.toFloatArray(), batch, k);
        NDArray input = manager.create(concat(queue.full() ? queue.rows() : new float[0][], current));
        queue.push(current);
        CosineKMeans.Result fit = kmeans.fit(input, random);
        long n = input.getShape().get(0);
        NDArray labels = fit.labels().get(new NDIndex((n - batch) + ":"));
        return new Result(lossFor(f, fit.centroids(), labels, margin), occupancy(labels.toLongArray(), k));
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

    private static long[] add(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < b.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }
}

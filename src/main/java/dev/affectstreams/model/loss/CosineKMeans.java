package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Random;

/**
 * K-means in cosine mode as {@code fast_pytorch_kmeans 0.2.0.1} runs it, re-fitted from scratch
 * at every call: K random rows of X (drawn with replacement) as initial centroids; assign each
 * row to the centroid of highest cosine similarity; move each centroid to the plain,
 * un-normalised mean of its rows (an empty cluster's centroid becomes zero, and a zero centroid
 * has similarity 0); stop after {@link #MAX_ITERATIONS} or when Σ‖Δc‖² ≤ {@link #TOLERANCE}.
 */
public final class CosineKMeans {

    public static final int MAX_ITERATIONS = 100;
    public static final double TOLERANCE = 1e-4;

    private final int clusters;

    public CosineKMeans(int clusters) {
        this.clusters = clusters;
    }

    /** Centroids [K, dim] and the assignment of every row [N] (int64) from the last iteration. */
    public record Result(NDArray centroids, NDArray labels, int iterations) {
    }

    /** @param x rows to cluster, [N, dim]; not part of any gradient */
    public Result fit(NDArray x, Random random) {
        int n = (int) x.getShape().get(0);
        long[] init = new long[clusters];
        for (int k = 0; k < clusters; k++) {
            init[k] = random.nextInt(n);
        }
        NDManager manager = x.getManager();
        NDArray centroids = x.get(new NDIndex("{}", manager.create(init)));
        return fitFrom(x, centroids);
    }

    /** Runs the iterations from given initial centroids. */
    public Result fitFrom(NDArray x, NDArray initialCentroids) {
        NDArray xn = normalize(x);
        NDArray centroids = initialCentroids;
        NDArray labels = null;
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            labels = xn.matMul(normalize(centroids).transpose()).argMax(1);
            NDArray mask = labels.oneHot(clusters, x.getDataType());
            NDArray counts = mask.sum(new int[] {0}).expandDims(1);
            NDArray moved = mask.transpose().matMul(x).div(counts.maximum(1f));
            double shift = moved.sub(centroids).square().sum().getFloat();
            centroids = moved;
            if (shift <= TOLERANCE) {
                break;
            }
        }
        return new Result(centroids, labels, iteration);
    }

    private static NDArray normalize(NDArray rows) {
        return rows.div(rows.norm(new int[] {1}, true).maximum(1e-12f));
    }
}

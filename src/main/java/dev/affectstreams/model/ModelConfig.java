package dev.affectstreams.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Architecture and self-supervised objective of a ConCluGen model. Paper scale is
 * {@link #paperScale()}; everything is configurable so tests and benchmarks can run small.
 *
 * @param modalities         modalities used, in video, audio, text order (two or three)
 * @param inputDims          backbone feature dimension per modality (video 4096 = 2D 2048 + 3D 2048)
 * @param representationDim  R, output of the representation heads
 * @param projectionDim      P, output of the shared projection head
 * @param clusters           K, k-means clusters and cluster-head outputs
 * @param reconstructionDim  D, hidden width of the decoders
 * @param tasks              active self-supervised tasks
 * @param weights            loss weight per task
 * @param clusteringMode     joint (fused over modalities) or individual (per modality, summed)
 * @param kmeansStartEpoch   first epoch whose clustering loss counts (k-means and queue run before)
 * @param queueBatches       k-means queue of past fused vectors, in batches; 0 disables it
 * @param queueReduction     keep 1/queueReduction of each batch in the queue (needs a batch size of at least
 *                           128 x queueReduction when > 1)
 */
public record ModelConfig(List<Modality> modalities, Map<Modality, Integer> inputDims, int representationDim,
                          int projectionDim, int clusters, int reconstructionDim, Set<SslTask> tasks,
                          Map<SslTask, Double> weights, ClusteringMode clusteringMode, int kmeansStartEpoch,
                          int queueBatches, int queueReduction) {

    /** How the clustering loss treats modalities. */
    public enum ClusteringMode { JOINT, INDIVIDUAL }

    public static final double CONTRASTIVE_MARGIN = 0.001;
    public static final double CLUSTERING_MARGIN = 0.001;

    public ModelConfig {
        modalities = List.copyOf(modalities);
        inputDims = Map.copyOf(inputDims);
        tasks = Set.copyOf(tasks);
        weights = Map.copyOf(weights);
        Objects.requireNonNull(clusteringMode);
        List<Modality> ordered = new ArrayList<>(EnumSet.copyOf(modalities));
        if (!ordered.equals(modalities) || modalities.size() < 2) {
            throw new IllegalArgumentException("modalities must be two or three of video, audio, text, in that order");
        }
        for (Modality m : modalities) {
            if (inputDims.getOrDefault(m, 0) <= 0) {
                throw new IllegalArgumentException("missing input dimension of " + m.key());
            }
        }
        if (representationDim % 8 != 0 || representationDim < 8) {
            throw new IllegalArgumentException("R must be a positive multiple of 8 (the projection's first layer is R/8)");
        }
        if (projectionDim <= 0 || clusters < 2 || reconstructionDim <= 0 || tasks.isEmpty()) {
            throw new IllegalArgumentException("P, D must be positive, K at least 2, and one task active");
        }
        if (queueBatches < 0 || queueReduction < 1 || kmeansStartEpoch < 0) {
            throw new IllegalArgumentException("queue size, reduction and start epoch must not be negative");
        }
    }

    /**
     * The paper's dimensions (R 4096, P 512) with this project's defaults for what the reference
     * repository leaves unknown: D 1024, K 32, all three tasks at weight 1, joint clustering from
     * epoch 3, no queue.
     */
    public static ModelConfig paperScale() {
        return new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO, Modality.TEXT),
                Map.of(Modality.VIDEO, 4096, Modality.AUDIO, 1024, Modality.TEXT, 768), 4096, 512, 32, 1024,
                EnumSet.allOf(SslTask.class), unitWeights(), ClusteringMode.JOINT, 3, 0, 1);
    }

    public static Map<SslTask, Double> unitWeights() {
        Map<SslTask, Double> w = new EnumMap<>(SslTask.class);
        for (SslTask t : SslTask.values()) {
            w.put(t, 1.0);
        }
        return w;
    }

    public int inputDim(Modality m) {
        return inputDims.get(m);
    }

    public double weight(SslTask task) {
        return weights.getOrDefault(task, 1.0);
    }

    public ModelConfig withTasks(Set<SslTask> newTasks) {
        return new ModelConfig(modalities, inputDims, representationDim, projectionDim, clusters, reconstructionDim,
                newTasks, weights, clusteringMode, kmeansStartEpoch, queueBatches, queueReduction);
    }

    public ModelConfig withModalities(List<Modality> newModalities) {
        return new ModelConfig(newModalities, inputDims, representationDim, projectionDim, clusters,
                reconstructionDim, tasks, weights, clusteringMode, kmeansStartEpoch, queueBatches, queueReduction);
    }

    /** Width of the classifier's input: the concatenated representations. */
    public int fusedDim() {
        return representationDim * modalities.size();
    }
}

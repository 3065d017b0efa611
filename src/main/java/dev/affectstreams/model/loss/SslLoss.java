package dev.affectstreams.model.loss;

import ai.djl.ndarray.NDArray;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.heads.HeadOutputs;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The merged self-supervised objective: {@code L = mean over active tasks of w_l · L_l}. A task
 * is active when configured, and clustering only from {@code kmeansStartEpoch} on (k-means and
 * the queue run before that). The divisor changes when clustering switches on, as in the reference.
 */
public final class SslLoss {

    private final ModelConfig config;
    private final ContrastiveLoss contrastive = new ContrastiveLoss(ModelConfig.CONTRASTIVE_MARGIN);
    private final ClusteringLoss clustering;
    private final ReconstructionLoss reconstruction = new ReconstructionLoss();

    /** @param batchSize the configured training batch size */
    public SslLoss(ModelConfig config, int batchSize) {
        this.config = config;
        this.clustering = new ClusteringLoss(config.clusters(), config.clusteringMode(), config.queueBatches(),
                config.queueReduction(), batchSize, ModelConfig.CLUSTERING_MARGIN);
    }

    /**
     * One step's loss.
     *
     * @param total  the merged loss, null when no task is active this epoch
     * @param terms  each computed task's unweighted value
     * @param occupancy pseudo-label counts per cluster, null when clustering is not configured
     */
    public record Breakdown(NDArray total, Map<SslTask, Double> terms, long[] occupancy) {
    }

    public void startEpoch() {
        clustering.startEpoch();
    }

    public Breakdown compute(HeadOutputs out, List<NDArray> targets, int epoch, Random random) {
        Map<SslTask, NDArray> active = new EnumMap<>(SslTask.class);
        Map<SslTask, Double> terms = new EnumMap<>(SslTask.class);
        long[] occupancy = null;
        if (config.tasks().contains(SslTask.CON)) {
            active.put(SslTask.CON, contrastive.compute(out.z()));
        }
        if (config.tasks().contains(SslTask.CLU)) {
            ClusteringLoss.Result clu = clustering.compute(out.q(), random);
            occupancy = clu.occupancy();
            if (epoch >= config.kmeansStartEpoch()) {
                active.put(SslTask.CLU, clu.loss());
            } else {
                terms.put(SslTask.CLU, (double) clu.loss().getFloat());
            }
        }
        if (config.tasks().contains(SslTask.GEN)) {
            active.put(SslTask.GEN, reconstruction.compute(out.xhat(), targets));
        }
        NDArray total = null;
        for (Map.Entry<SslTask, NDArray> e : active.entrySet()) {
            terms.put(e.getKey(), (double) e.getValue().getFloat());
            NDArray weighted = e.getValue().mul((float) config.weight(e.getKey()));
            total = total == null ? weighted : total.add(weighted);
        }
        return new Breakdown(total == null ? null : total.div((float) active.size()), terms, occupancy);
    }
}

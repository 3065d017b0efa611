package dev.affectstreams.cli;

import dev.affectstreams.model.ModelConfig.ClusteringMode;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Architecture and objective options of {@code pretrain}; defaults are the paper's scale. */
final class ModelOptions {

    private static final ModelConfig PAPER = ModelConfig.paperScale();

    @Option(names = "--tasks", paramLabel = "TASKS", defaultValue = "conclugen",
            description = "Self-supervised tasks: any of con, clu, gen joined, e.g. conclugen, congen, clu. "
                    + "Default: ${DEFAULT-VALUE}.")
    String tasks;

    @Option(names = "--representation-dim", paramLabel = "R", description = "R, default 4096 (paper).")
    int representationDim = PAPER.representationDim();

    @Option(names = "--projection-dim", paramLabel = "P", description = "P, default 512 (paper).")
    int projectionDim = PAPER.projectionDim();

    @Option(names = "--clusters", paramLabel = "K", description = "K, default 32.")
    int clusters = PAPER.clusters();

    @Option(names = "--reconstruction-dim", paramLabel = "D", description = "D, default 1024.")
    int reconstructionDim = PAPER.reconstructionDim();

    @Option(names = "--clustering-mode", paramLabel = "MODE", description = "joint or individual, default joint.")
    ClusteringMode clusteringMode = PAPER.clusteringMode();

    @Option(names = "--kmeans-start-epoch", paramLabel = "E", description = "First epoch of the clustering loss, default 3.")
    int kmeansStartEpoch = PAPER.kmeansStartEpoch();

    @Option(names = "--queue-batches", paramLabel = "N", description = "K-means queue of past batches, default 0 (off).")
    int queueBatches = PAPER.queueBatches();

    @Option(names = "--queue-reduction", paramLabel = "F", description = "Keep 1/F of each queued batch, default 1.")
    int queueReduction = PAPER.queueReduction();

    @Option(names = "--weight", paramLabel = "TASK=W", description = "Loss weight of a task, e.g. --weight clu=0.5 (default 1).")
    Map<String, Double> weights = new LinkedHashMap<>();

    ModelConfig template() {
        Map<SslTask, Double> w = new EnumMap<>(ModelConfig.unitWeights());
        weights.forEach((task, value) -> w.put(SslTask.parseCombination(task).iterator().next(), value));
        return new ModelConfig(PAPER.modalities(), PAPER.inputDims(), representationDim, projectionDim, clusters,
                reconstructionDim, SslTask.parseCombination(tasks), w, clusteringMode, kmeansStartEpoch,
                queueBatches, queueReduction);
    }
}

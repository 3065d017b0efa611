package dev.affectstreams.retrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.heads.HeadOutputs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How the heads' cluster head spreads samples over its clusters: the arg-max cluster of every
 * sample per modality, summarised as the effective number of clusters exp(H) of the occupancy
 * distribution (K when uniform, 1 when every sample lands in one cluster).
 */
public final class ClusterOccupancy {

    private static final int BATCH = 512;

    private ClusterOccupancy() {
    }

    /** Effective number of clusters per modality key. */
    public static Map<String, Double> effectiveClusters(ConCluGenModel model, FeatureMatrix data) {
        List<Modality> modalities = model.config().modalities();
        int k = model.config().clusters();
        long[][] counts = new long[modalities.size()][k];
        for (int start = 0; start < data.size(); start += BATCH) {
            int end = Math.min(data.size(), start + BATCH);
            int[] rows = IntStream.range(start, end).toArray();
            try (NDScope ignored = new NDScope()) {
                NDList out = model.heads().forward(model.parameterStore(), data.batch(model.manager(), rows), false);
                HeadOutputs heads = HeadOutputs.of(out);
                for (int m = 0; m < modalities.size(); m++) {
                    NDArray q = heads.q().get(m);
                    for (long c : q.argMax(1).toLongArray()) {
                        counts[m][(int) c]++;
                    }
                }
            }
        }
        Map<String, Double> effective = new LinkedHashMap<>();
        for (int m = 0; m < modalities.size(); m++) {
            effective.put(modalities.get(m).key(), effective(counts[m]));
        }
        return effective;
    }

    /** exp of the entropy of the counts' distribution. */
    static double effective(long[] counts) {
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return 0;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p);
            }
        }
        return Math.exp(h);
    }
}

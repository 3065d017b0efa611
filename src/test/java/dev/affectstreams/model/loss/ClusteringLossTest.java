package dev.affectstreams.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.affectstreams.model.ModelConfig.ClusteringMode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusteringLossTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldBeCrossEntropyAgainstCentroidScoresWithMargin() {
        NDArray f = manager.create(new float[][] {{1f, 2f}, {3f, 0f}});
        NDArray centroids = manager.create(new float[][] {{1f, 0f}, {0f, 1f}});
        NDArray labels = manager.create(new long[] {1, 0});

        double loss = ClusteringLoss.lossFor(f, centroids, labels, 0.001).getFloat();

        // s = f cᵀ = [[1, 2], [3, 0]]; s[0,1] and s[1,0] lose the margin.
        double row0 = Math.log(Math.exp(1) + Math.exp(2 - 0.001)) - (2 - 0.001);
        double row1 = Math.log(Math.exp(3 - 0.001) + Math.exp(0)) - (3 - 0.001);
        assertThat(loss).isCloseTo((row0 + row1) / 2, within(1e-5));
    }

    @Test
    void shouldClusterTheMeanOfTheModalitiesInJointMode() {
        NDArray q1 = manager.create(new float[][] {{2f, 0f}, {2f, 0.2f}, {0f, 2f}, {0.2f, 2f}});
        NDArray q2 = manager.create(new float[][] {{0f, 0f}, {0f, 0f}, {0f, 0f}, {0f, 0f}});
        ClusteringLoss loss = new ClusteringLoss(2, ClusteringMode.JOINT, 0, 1, 4, 0.001);

        long seed = CosineKMeansTest.seedDrawingOneRowOfEach(4, 2);

        ClusteringLoss.Result result = loss.compute(List.of(q1, q2), new Random(seed));

        assertThat(result.occupancy()).containsExactlyInAnyOrder(2L, 2L);
        // f = (q1 + q2)/2; recompute with the same k-means fit on f.
        NDArray f = q1.add(q2).div(2);
        CosineKMeans.Result fit = new CosineKMeans(2).fit(f, new Random(seed));
        double expected = ClusteringLoss.lossFor(f, fit.centroids(), fit.labels(), 0.001).getFloat();
        assertThat((double) result.loss().getFloat()).isCloseTo(expected, within(1e-6));
    }

    @Test
    void shouldScoreEachModalityAgainstTheCentroidsOfTheMeanInIndividualMode() {
        // the reference: one k-means on the mean of the modalities' logits, then each modality's
        // logits scored against those same centroids and labels, the terms summed
        NDArray q1 = manager.create(new float[][] {{2f, 0f}, {2f, 0.2f}, {0f, 2f}, {0.2f, 2f}});
        NDArray q2 = manager.create(new float[][] {{1f, 0f}, {0f, 1f}, {1f, 0.1f}, {0.1f, 1f}});
        ClusteringLoss individual = new ClusteringLoss(2, ClusteringMode.INDIVIDUAL, 0, 1, 4, 0.001);

        ClusteringLoss.Result result = individual.compute(List.of(q1, q2), new Random(4));

        NDArray mean = q1.add(q2).div(2);
        CosineKMeans.Result fit = new CosineKMeans(2).fit(mean, new Random(4));
        double expected = ClusteringLoss.lossFor(q1, fit.centroids(), fit.labels(), 0.001).getFloat()
                + ClusteringLoss.lossFor(q2, fit.centroids(), fit.labels(), 0.001).getFloat();
        assertThat((double) result.loss().getFloat()).isCloseTo(expected, within(1e-5));
        // one set of pseudo-labels for the batch, not one per modality
        assertThat(result.occupancy()).containsExactlyInAnyOrder(2L, 2L);
        // and not what clustering each modality on its own gives
        Random replay = new Random(4);
        double perModality = 0;
        for (NDArray q : List.of(q1, q2)) {
            CosineKMeans.Result own = new CosineKMeans(2).fit(q, replay);
            perModality += ClusteringLoss.lossFor(q, own.centroids(), own.labels(), 0.001).getFloat();
        }
        assertThat((double) result.loss().getFloat()).isNotCloseTo(perModality, within(1e-3));
    }

    @Test
    void shouldUseTheQueueOnlyOnceFullAndResetItEachEpoch() {
        KMeansQueue queue = new KMeansQueue(2, 1, 256);
        float[][] batch = {{1f, 0f}, {0f, 1f}};

        queue.push(batch);
        assertThat(queue.full()).isFalse();
        queue.push(batch);
        queue.push(batch);
        assertThat(queue.full()).isTrue();
        assertThat(queue.rows()).hasNumberOfRows(4);
        queue.reset();
        assertThat(queue.full()).isFalse();
        assertThat(queue.rows()).isEmpty();
    }

    @Test
    void shouldKeepTheFirstRowsOfEachOf128GroupsWhenReducing() {
        float[][] kept = new KMeansQueue(1, 2, 512).reduce(numbered(512));

        // groups of 512/128 = 4 rows, the first 2 of each kept
        assertThat(kept).hasNumberOfRows(256);
        assertThat(kept[0][0]).isEqualTo(0f);
        assertThat(kept[1][0]).isEqualTo(1f);
        assertThat(kept[2][0]).isEqualTo(4f);
        assertThat(kept[255][0]).isEqualTo(509f);
    }

    @Test
    void shouldReduceALastBatchOfAnySize() {
        // 100 rows of a batch configured at 512: 25 groups of 4, 2 kept each
        float[][] short1 = new KMeansQueue(1, 2, 512).reduce(numbered(100));
        assertThat(short1).hasNumberOfRows(50);
        assertThat(short1[49][0]).isEqualTo(97f);
        // 101 rows: the trailing group of one row keeps it
        float[][] short2 = new KMeansQueue(1, 2, 512).reduce(numbered(101));
        assertThat(short2).hasNumberOfRows(51);
        assertThat(short2[50][0]).isEqualTo(100f);
    }

    @Test
    void shouldRefuseAReductionTheBatchSizeCannotGive() {
        assertThatThrownBy(() -> new KMeansQueue(1, 2, 200))
                .hasMessageContaining("at least 256");
        assertThat(new KMeansQueue(0, 2, 200).enabled()).as("no queue, nothing to reduce").isFalse();
    }

    private static float[][] numbered(int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = new float[] {i};
        }
        return rows;
    }
}

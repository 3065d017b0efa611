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
        ClusteringLoss loss = new ClusteringLoss(2, ClusteringMode.JOINT, 2, 0, 1, 0.001);

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
    void shouldSumModalitiesInIndividualMode() {
        NDArray q1 = manager.create(new float[][] {{2f, 0f}, {2f, 0.2f}, {0f, 2f}, {0.2f, 2f}});
        NDArray q2 = manager.create(new float[][] {{1f, 0f}, {0f, 1f}, {1f, 0.1f}, {0.1f, 1f}});
        ClusteringLoss individual = new ClusteringLoss(2, ClusteringMode.INDIVIDUAL, 2, 0, 1, 0.001);
        Random random = new Random(4);

        double sum = individual.compute(List.of(q1, q2), random).loss().getFloat();

        Random replay = new Random(4);
        double expected = 0;
        for (NDArray q : List.of(q1, q2)) {
            CosineKMeans.Result fit = new CosineKMeans(2).fit(q, replay);
            expected += ClusteringLoss.lossFor(q, fit.centroids(), fit.labels(), 0.001).getFloat();
        }
        assertThat(sum).isCloseTo(expected, within(1e-5));
    }

    @Test
    void shouldUseTheQueueOnlyOnceFullAndResetItEachEpoch() {
        KMeansQueue queue = new KMeansQueue(2, 1);
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
        float[][] batch = new float[256][];
        for (int i = 0; i < 256; i++) {
            batch[i] = new float[] {i};
        }

        float[][] kept = new KMeansQueue(1, 2).reduce(batch);

        assertThat(kept).hasNumberOfRows(128);
        assertThat(kept[0][0]).isEqualTo(0f);
        assertThat(kept[1][0]).isEqualTo(2f);
        assertThat(kept[127][0]).isEqualTo(254f);
        assertThatThrownBy(() -> new KMeansQueue(1, 2).reduce(new float[100][1]))
                .hasMessageContaining("divisible by 256");
    }
}

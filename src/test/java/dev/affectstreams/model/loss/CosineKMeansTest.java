package dev.affectstreams.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CosineKMeansTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldAssignByCosineAndMoveCentroidsToThePlainMean() {
        // Row 0 is long but points along x: cosine, not distance, decides its cluster.
        NDArray x = manager.create(new float[][] {{10f, 0f}, {0.9f, 0.1f}, {0f, 1f}, {0.1f, 0.9f}});
        NDArray init = manager.create(new float[][] {{1f, 0f}, {0f, 1f}});

        CosineKMeans.Result result = new CosineKMeans(2).fitFrom(x, init);

        assertThat(result.labels().toLongArray()).containsExactly(0, 0, 1, 1);
        assertThat(result.centroids().toFloatArray()).containsExactly(new float[] {5.45f, 0.05f, 0.05f, 0.95f}, within(1e-6f));
        assertThat(result.iterations()).isEqualTo(2);
    }

    @Test
    void shouldZeroTheCentroidOfAnEmptyCluster() {
        NDArray x = manager.create(new float[][] {{1f, 0.1f}, {0.9f, 0.2f}});
        NDArray init = manager.create(new float[][] {{1f, 0f}, {-1f, 0f}});

        CosineKMeans.Result result = new CosineKMeans(2).fitFrom(x, init);

        assertThat(result.labels().toLongArray()).containsExactly(0, 0);
        assertThat(result.centroids().toFloatArray()).containsExactly(new float[] {0.95f, 0.15f, 0f, 0f}, within(1e-6f));
    }

    @Test
    void shouldSeparateTwoDirectionsFromARandomStart() {
        NDArray x = manager.create(new float[][] {{1f, 0f}, {1f, 0.1f}, {0f, 1f}, {0.1f, 1f}, {0.05f, 2f}});

        // The reference draws the initial rows with replacement; take a seed whose draw hits both directions.
        long seed = seedDrawingOneRowOfEach(5, 2);

        CosineKMeans.Result result = new CosineKMeans(2).fit(x, new Random(seed));

        long[] labels = result.labels().toLongArray();
        assertThat(labels[0]).isEqualTo(labels[1]);
        assertThat(labels[2]).isEqualTo(labels[3]).isEqualTo(labels[4]).isNotEqualTo(labels[0]);
    }

    /** The first seed whose two draws from n rows pick one of the first {@code split} rows and one of the rest. */
    static long seedDrawingOneRowOfEach(int n, int split) {
        for (long seed = 0; ; seed++) {
            Random r = new Random(seed);
            int a = r.nextInt(n);
            int b = r.nextInt(n);
            if ((a < split) != (b < split)) {
                return seed;
            }
        }
    }
}

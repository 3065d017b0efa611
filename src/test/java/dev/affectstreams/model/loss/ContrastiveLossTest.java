package dev.affectstreams.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContrastiveLossTest {

    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shouldMatchAHandComputedPairWithMargin() {
        // S = Zi Zjᵀ = [[0.8, 0], [0.96, 0.8]]; the margin takes 0.001 off the diagonal.
        NDArray zi = manager.create(new float[][] {{1f, 0f}, {0.6f, 0.8f}});
        NDArray zj = manager.create(new float[][] {{0.8f, 0.6f}, {0f, 1f}});

        double loss = new ContrastiveLoss(0.001).pair(zi, zj).getFloat();

        double d = 0.799;
        double rows = (Math.log(1 + Math.exp(-d)) + Math.log(1 + Math.exp(0.96 - d))) / 2;
        double columns = (Math.log(1 + Math.exp(0.96 - d)) + Math.log(1 + Math.exp(-d))) / 2;
        assertThat(loss).isCloseTo(rows + columns, within(1e-5));
    }

    @Test
    void shouldAddBothDirectionsOfAnAsymmetricPair() {
        Random random = new Random(3);
        float[][] a = unitRows(random, 4, 3);
        float[][] b = unitRows(random, 4, 3);

        double loss = new ContrastiveLoss(0.001).pair(manager.create(a), manager.create(b)).getFloat();

        assertThat(loss).isCloseTo(reference(a, b, 0.001), within(1e-5));
    }

    @Test
    void shouldSumTheCycleOfThreeModalitiesAndUseOnePairForTwo() {
        Random random = new Random(5);
        float[][] v = unitRows(random, 3, 4);
        float[][] a = unitRows(random, 3, 4);
        float[][] t = unitRows(random, 3, 4);
        ContrastiveLoss loss = new ContrastiveLoss(0.001);

        double three = loss.compute(List.of(manager.create(v), manager.create(a), manager.create(t))).getFloat();
        double two = loss.compute(List.of(manager.create(v), manager.create(t))).getFloat();

        assertThat(three).isCloseTo(reference(v, a, 0.001) + reference(a, t, 0.001) + reference(t, v, 0.001),
                within(1e-4));
        assertThat(two).isCloseTo(reference(v, t, 0.001), within(1e-5));
    }

    /** CE(S, diag) + CE(Sᵀ, diag) with S = A Bᵀ − δI, computed in plain Java. */
    static double reference(float[][] a, float[][] b, double margin) {
        int n = a.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < a[i].length; k++) {
                    s[i][j] += a[i][k] * b[j][k];
                }
                if (i == j) {
                    s[i][j] -= margin;
                }
            }
        }
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < n; i++) {
            double sumRow = 0;
            double sumCol = 0;
            for (int j = 0; j < n; j++) {
                sumRow += Math.exp(s[i][j]);
                sumCol += Math.exp(s[j][i]);
            }
            rows += Math.log(sumRow) - s[i][i];
            cols += Math.log(sumCol) - s[i][i];
        }
        return rows / n + cols / n;
    }

    static float[][] unitRows(Random random, int n, int dim) {
        float[][] rows = new float[n][dim];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < dim; k++) {
                rows[i][k] = (float) Math.abs(random.nextGaussian());
                norm += rows[i][k] * rows[i][k];
            }
            for (int k = 0; k < dim; k++) {
                rows[i][k] /= (float) Math.sqrt(norm);
            }
        }
        return rows;
    }
}

package dev.affectstreams.model.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void shouldWeightMultiClassScoresBySupport() {
        // truth:     0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        ClassificationMetrics.Report r = ClassificationMetrics.multiClass(List.of("a", "b", "c"),
                new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 1, 1, 2});

        // class a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1, F1 2/3. Supports 3, 2, 1.
        assertThat(r.precision()).isCloseTo((3 * 1.0 + 2 * 0.5 + 1 * 0.5) / 6, within(1e-12));
        assertThat(r.recall()).isCloseTo((3 * (2.0 / 3) + 2 * 0.5 + 1 * 1.0) / 6, within(1e-12));
        assertThat(r.f1()).isCloseTo((3 * 0.8 + 2 * 0.5 + 1 * (2.0 / 3)) / 6, within(1e-12));
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(r.perClass().get(0).support()).isEqualTo(3);
    }

    @Test
    void shouldUseBinaryAccuracyPerLabelForMultiLabel() {
        boolean[][] truth = {{true, false}, {true, true}, {false, false}, {true, false}};
        boolean[][] pred = {{true, false}, {false, true}, {false, true}, {true, false}};

        ClassificationMetrics.Report r = ClassificationMetrics.multiLabel(List.of("x", "y"), pred, truth);

        // x: TP 2, FN 1, TN 1 -> acc 3/4, P 1, R 2/3, F1 0.8, support 3
        // y: TP 1, FP 1, TN 2 -> acc 3/4, P 1/2, R 1, F1 2/3, support 1
        assertThat(r.accuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(r.precision()).isCloseTo((3 * 1.0 + 0.5) / 4, within(1e-12));
        assertThat(r.recall()).isCloseTo((3 * (2.0 / 3) + 1.0) / 4, within(1e-12));
        assertThat(r.f1()).isCloseTo((3 * 0.8 + 2.0 / 3) / 4, within(1e-12));
    }

    @Test
    void shouldScoreUndefinedRatiosAsZero() {
        ClassificationMetrics.Report r = ClassificationMetrics.multiClass(List.of("a", "b"), new int[] {0, 0},
                new int[] {0, 0});

        assertThat(r.perClass().get(1).precision()).isZero();
        assertThat(r.f1()).isEqualTo(1.0);
    }
}

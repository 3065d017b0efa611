package dev.affectstreams.model.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy, precision, recall and F1 as torchmetrics 1.3.1 computes them with
 * {@code average='weighted'}: per-class values weighted by each class's support (its number of
 * true instances). For multi-label data, a label's accuracy is its binary accuracy
 * (TP+TN)/N, so "weighted accuracy" is the support-weighted mean of per-label binary
 * accuracies: not the balanced "WA" of other CMU-MOSEI papers. Undefined ratios count as 0.
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /** Counts and scores of one class or label. */
    public record PerClass(String label, long support, long tp, long fp, long fn, long tn, double accuracy,
                           double precision, double recall, double f1) {
    }

    /** Weighted scores with the per-class values they came from. */
    public record Report(boolean multiLabel, long samples, double accuracy, double precision, double recall,
                         double f1, List<PerClass> perClass) {

        public static final String WA_NOTE = "weighted = support-weighted mean of per-class values (torchmetrics "
                + "average='weighted'); for multi-label data this is not the balanced WA of other MOSEI papers";
    }

    /**
     * @param predicted 0/1 prediction per sample and label (score ≥ threshold)
     * @param truth     0/1 presence per sample and label
     */
    public static Report multiLabel(List<String> labels, boolean[][] predicted, boolean[][] truth) {
        List<PerClass> per = new ArrayList<>();
        int n = truth.length;
        for (int c = 0; c < labels.size(); c++) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < n; i++) {
                tp += predicted[i][c] && truth[i][c] ? 1 : 0;
                fp += predicted[i][c] && !truth[i][c] ? 1 : 0;
                fn += !predicted[i][c] && truth[i][c] ? 1 : 0;
            }
            long tn = n - tp - fp - fn;
            per.add(perClass(labels.get(c), tp, fp, fn, tn, ratio(tp + tn, n)));
        }
        return weighted(true, n, per);
    }

    /**
     * @param predicted predicted class index per sample
     * @param truth     true class index per sample
     */
    public static Report multiClass(List<String> labels, int[] predicted, int[] truth) {
        List<PerClass> per = new ArrayList<>();
        int n = truth.length;
        for (int c = 0; c < labels.size(); c++) {
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < n; i++) {
                tp += predicted[i] == c && truth[i] == c ? 1 : 0;
                fp += predicted[i] == c && truth[i] != c ? 1 : 0;
                fn += predicted[i] != c && truth[i] == c ? 1 : 0;
            }
            long tn = n - tp - fp - fn;
            // torchmetrics' per-class multi-class accuracy is the class's recall.
            per.add(perClass(labels.get(c), tp, fp, fn, tn, ratio(tp, tp + fn)));
        }
        return weighted(false, n, per);
    }

    private static PerClass perClass(String label, long tp, long fp, long fn, long tn, double accuracy) {
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new PerClass(label, tp + fn, tp, fp, fn, tn, accuracy, precision, recall, f1);
    }

    private static Report weighted(boolean multiLabel, long n, List<PerClass> per) {
        double support = per.stream().mapToLong(PerClass::support).sum();
        if (support == 0) {
            return new Report(multiLabel, n, 0, 0, 0, 0, per);
        }
        double acc = 0;
        double p = 0;
        double r = 0;
        double f = 0;
        for (PerClass c : per) {
            double w = c.support() / support;
            acc += w * c.accuracy();
            p += w * c.precision();
            r += w * c.recall();
            f += w * c.f1();
        }
        return new Report(multiLabel, n, acc, p, r, f, per);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }
}

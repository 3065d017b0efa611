package dev.affectstreams.model.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affectstreams.model.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-label decision thresholds of a multi-label classifier, calibrated on validation data. Each
 * label starts at the score threshold (from 0.05 to 0.95 in steps of 0.01) that maximises its own
 * F1 there ({@link #DEFAULT} for a label the validation data never shows); then, as events are
 * decided by the dominant label ({@link #dominant}: neutral when no label reaches its threshold),
 * the thresholds are moved together, one label at a time over the same grid for three rounds, to
 * maximise the macro-F1 of that decision over the labels and neutral (a second counts as right
 * when its dominant label is present, or when it is neutral and no label is). Stored in the
 * release as {@value #FILE}.
 */
public record Thresholds(List<String> labels, List<Float> values) {

    public static final String FILE = "thresholds.json";
    public static final float DEFAULT = 0.5f;

    public Thresholds {
        labels = List.copyOf(labels);
        values = List.copyOf(values);
        if (labels.size() != values.size()) {
            throw new IllegalArgumentException("one threshold per label expected");
        }
    }

    /** The same threshold for every label. */
    public static Thresholds fixed(LabelSet set, float threshold) {
        return new Thresholds(set.labels(), Collections.nCopies(set.size(), threshold));
    }

    /**
     * Calibrated on validation scores (N × C probabilities, row-major) and 0/1 targets; for a
     * multi-class set (scores compared by argmax) the thresholds are {@link #DEFAULT}.
     */
    public static Thresholds calibrate(LabelSet set, float[] scores, float[] targets) {
        int c = set.size();
        int n = targets.length / c;
        List<Float> values = new ArrayList<>();
        for (int j = 0; j < c; j++) {
            values.add(set.multiLabel() ? best(scores, targets, n, c, j) : DEFAULT);
        }
        if (!set.multiLabel() || n == 0) {
            return new Thresholds(set.labels(), values);
        }
        float[] t = new float[c];
        for (int j = 0; j < c; j++) {
            t[j] = values.get(j);
        }
        double current = dominantMacroF1(scores, targets, n, c, t);
        for (int round = 0; round < 3; round++) {
            for (int j = 0; j < c; j++) {
                float keep = t[j];
                for (int step = 5; step <= 95; step++) {
                    t[j] = step / 100f;
                    double f1 = dominantMacroF1(scores, targets, n, c, t);
                    if (f1 > current + 1e-9) {
                        current = f1;
                        keep = t[j];
                    }
                }
                t[j] = keep;
            }
        }
        List<Float> joint = new ArrayList<>();
        for (float v : t) {
            joint.add(v);
        }
        return new Thresholds(set.labels(), joint);
    }

    /** Macro-F1 over the labels and neutral of the dominant-label decision, as the class docs define it. */
    static double dominantMacroF1(float[] scores, float[] targets, int n, int c, float[] t) {
        int[] tp = new int[c + 1];
        int[] fp = new int[c + 1];
        int[] fn = new int[c + 1];
        for (int i = 0; i < n; i++) {
            int best = dominant(scores, i * c, t);
            boolean any = false;
            for (int j = 0; j < c; j++) {
                any |= targets[i * c + j] > 0.5f;
            }
            int predicted = best + 1;
            boolean right = best < 0 ? !any : targets[i * c + best] > 0.5f;
            if (right) {
                tp[predicted]++;
            } else {
                fp[predicted]++;
                // the missed class: neutral, or the first label present
                int truth = 0;
                for (int j = 0; j < c && any; j++) {
                    if (targets[i * c + j] > 0.5f) {
                        truth = j + 1;
                        break;
                    }
                }
                fn[truth]++;
            }
        }
        double sum = 0;
        for (int k = 0; k <= c; k++) {
            int d = 2 * tp[k] + fp[k] + fn[k];
            sum += d == 0 ? 0 : 2.0 * tp[k] / d;
        }
        return sum / (c + 1);
    }

    private static float best(float[] scores, float[] targets, int n, int c, int j) {
        int positives = 0;
        for (int i = 0; i < n; i++) {
            positives += targets[i * c + j] > 0.5f ? 1 : 0;
        }
        if (positives == 0) {
            return DEFAULT;
        }
        float bestThreshold = DEFAULT;
        double bestF1 = -1;
        for (int step = 5; step <= 95; step++) {
            float t = step / 100f;
            int tp = 0;
            int fp = 0;
            for (int i = 0; i < n; i++) {
                if (scores[i * c + j] >= t) {
                    if (targets[i * c + j] > 0.5f) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            double f1 = 2.0 * tp / (tp + fp + positives);
            if (f1 > bestF1 + 1e-12) {
                bestF1 = f1;
                bestThreshold = t;
            }
        }
        return bestThreshold;
    }

    public float of(int label) {
        return values.get(label);
    }

    /**
     * The dominant label of a multi-label set's scores: the one whose score exceeds its threshold
     * by the largest margin; -1 (neutral) when none reaches its threshold.
     */
    public int dominant(float[] scores) {
        float[] t = new float[values.size()];
        for (int j = 0; j < t.length; j++) {
            t[j] = values.get(j);
        }
        return dominant(scores, 0, t);
    }

    /** The same for the row of C scores at {@code offset}, with thresholds {@code t}. */
    private static int dominant(float[] scores, int offset, float[] t) {
        int best = -1;
        float bestMargin = -Float.MAX_VALUE;
        for (int j = 0; j < t.length; j++) {
            float margin = scores[offset + j] - t[j];
            if (margin >= 0 && margin > bestMargin) {
                bestMargin = margin;
                best = j;
            }
        }
        return best;
    }

    public void save(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("rule", "per-label threshold maximising the label's F1 on the probe's validation data");
        ObjectNode byLabel = root.putObject("thresholds");
        for (int i = 0; i < labels.size(); i++) {
            byLabel.put(labels.get(i), values.get(i));
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** Reads thresholds for the given label set; every label must have one in [0, 1]. */
    public static Thresholds load(LabelSet set, Path file) throws IOException {
        JsonNode byLabel = new ObjectMapper().readTree(file.toFile()).path("thresholds");
        List<Float> values = new ArrayList<>();
        for (String label : set.labels()) {
            JsonNode v = byLabel.get(label);
            if (v == null || !v.isNumber() || !(v.floatValue() >= 0f && v.floatValue() <= 1f)) {
                throw new IOException(file + " has no threshold in [0, 1] for label " + label);
            }
            values.add(v.floatValue());
        }
        return new Thresholds(set.labels(), values);
    }
}

package dev.affectstreams.bench;

import ai.djl.Device;
import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.data.FeatureDatasetReader;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.Representations;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-label release against labelled seconds it never saw, as the live path decides: each
 * second's dominant label by the release's thresholds (neutral when none is reached) against the
 * second's true class (the emotion of highest intensity, neutral when all are zero), scored as
 * the macro-F1 over the label set's emotions plus neutral; and each label's score as a ranking of
 * the seconds where it is present (AUROC) and how much it varies (its standard deviation).
 */
public final class StarterEvaluation {

    /** The figures of one evaluation. */
    public record Result(int seconds, double macroF1, Map<String, Double> f1ByClass, Map<String, Double> auroc,
                         Map<String, Double> scoreSpread, Map<String, Double> thresholds) {
    }

    private StarterEvaluation() {
    }

    public static Result evaluate(Release release, Path features, Device device) throws IOException {
        LabelSet labels = release.manifest().labelSet();
        if (labels == null || !labels.multiLabel()) {
            throw new IllegalArgumentException("release " + release.dir() + " has no multi-label classifier");
        }
        FeatureMatrix data = FeatureMatrixLoader.load(features, labels).matrix()
                .select(release.manifest().config().modalities());
        List<Map<String, Float>> intensities = new ArrayList<>();
        try (FeatureDatasetReader reader = new FeatureDatasetReader(features)) {
            for (TrainingSample s : reader) {
                intensities.add(s.getLabels());
            }
        }
        float[] scores;
        Thresholds thresholds;
        try (LoadedRelease loaded = LoadedRelease.load(release, device)) {
            var probe = loaded.classifier().orElseThrow();
            scores = Predictions.sigmoid(Predictions.logits(probe, Representations.fused(loaded.model(), data),
                    loaded.model().config().fusedDim()));
            thresholds = loaded.thresholds();
        }
        return score(labels, scores, intensities, thresholds);
    }

    /** The figures for scores (N x C, row-major) against each second's intensities. */
    public static Result score(LabelSet labels, float[] scores, List<Map<String, Float>> intensities,
                               Thresholds thresholds) {
        int c = labels.size();
        int n = intensities.size();
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = trueClass(labels, intensities.get(i));
            float[] row = new float[c];
            System.arraycopy(scores, i * c, row, 0, c);
            predicted[i] = thresholds.dominant(row);
        }
        Map<String, Double> f1 = new LinkedHashMap<>();
        double sum = 0;
        for (int k = -1; k < c; k++) {
            double v = f1(truth, predicted, k);
            f1.put(k < 0 ? LabelSet.NEUTRAL : labels.labels().get(k), v);
            sum += v;
        }
        Map<String, Double> auroc = new LinkedHashMap<>();
        Map<String, Double> spread = new LinkedHashMap<>();
        Map<String, Double> t = new LinkedHashMap<>();
        for (int j = 0; j < c; j++) {
            float[] column = new float[n];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                column[i] = scores[i * c + j];
                present[i] = intensities.get(i).getOrDefault(labels.labels().get(j), 0f) > 0f;
            }
            auroc.put(labels.labels().get(j), auroc(column, present));
            spread.put(labels.labels().get(j), std(column));
            t.put(labels.labels().get(j), (double) thresholds.of(j));
        }
        return new Result(n, sum / (c + 1), f1, auroc, spread, t);
    }

    /** The emotion of highest intensity, or -1 (neutral) when every intensity is zero. */
    static int trueClass(LabelSet labels, Map<String, Float> intensities) {
        int best = -1;
        float bestValue = 0f;
        for (int j = 0; j < labels.size(); j++) {
            float v = intensities.getOrDefault(labels.labels().get(j), 0f);
            if (v > bestValue) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }

    private static double f1(int[] truth, int[] predicted, int k) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean t = truth[i] == k;
            boolean p = predicted[i] == k;
            tp += t && p ? 1 : 0;
            fp += !t && p ? 1 : 0;
            fn += t && !p ? 1 : 0;
        }
        return tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /** Probability that a present second scores above an absent one (ties count half); NaN without both. */
    public static double auroc(float[] scores, boolean[] present) {
        long positives = 0;
        long negatives = 0;
        double wins = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!present[i]) {
                continue;
            }
            positives++;
            for (int k = 0; k < scores.length; k++) {
                if (present[k]) {
                    continue;
                }
                wins += scores[i] > scores[k] ? 1 : scores[i] == scores[k] ? 0.5 : 0;
            }
        }
        for (boolean p : present) {
            negatives += p ? 0 : 1;
        }
        return positives == 0 || negatives == 0 ? Double.NaN : wins / (positives * negatives);
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float x : v) {
            mean += x / (double) v.length;
        }
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return Math.sqrt(var);
    }
}

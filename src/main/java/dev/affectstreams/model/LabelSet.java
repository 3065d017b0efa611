package dev.affectstreams.model;

import java.util.List;
import java.util.Map;

/**
 * The labels a classifier predicts, with the task type and the loss weights of the reference.
 *
 * @param id          name@version, as carried in events and samples
 * @param labels      label names in output order
 * @param multiLabel  true: independent sigmoid per label (presence = intensity &gt; 0); false: one class
 * @param lossWeights BCE pos_weight (multi-label) or CE class weight (multi-class), in label
 *                    order; empty for the training-class frequency (the reference's CAER choice)
 */
public record LabelSet(String id, List<String> labels, boolean multiLabel, List<Double> lossWeights) {

    /** What a decision says when no label of a multi-label set is present (no expression). */
    public static final String NEUTRAL = "neutral";

    /** CMU-MOSEI's six emotions in the CSD column order, with the reference's hard-coded pos_weight. */
    public static final LabelSet MOSEI_6 = new LabelSet("mosei-6@1",
            List.of("happy", "sad", "anger", "surprise", "disgust", "fear"), true,
            List.of(1.0529, 5.2151, 5.3373, 19.4899, 7.0448, 23.6880));

    /** MELD's seven classes with MELD's official class weights. */
    public static final LabelSet MELD_7 = new LabelSet("meld-7@1",
            List.of("neutral", "surprise", "fear", "sadness", "joy", "disgust", "anger"), false,
            List.of(4.0, 15.0, 15.0, 3.0, 1.0, 6.0, 3.0));

    /** CAER's seven classes; class weights are the training-class frequencies, as in the reference. */
    public static final LabelSet CAER_7 = new LabelSet("caer-7@1",
            List.of("neutral", "surprise", "fear", "sadness", "joy", "disgust", "anger"), false, List.of());

    private static final Map<String, LabelSet> BUILT_IN = Map.of(MOSEI_6.id, MOSEI_6, MELD_7.id, MELD_7,
            CAER_7.id, CAER_7);

    public LabelSet {
        labels = List.copyOf(labels);
        lossWeights = List.copyOf(lossWeights);
        if (!lossWeights.isEmpty() && lossWeights.size() != labels.size()) {
            throw new IllegalArgumentException("one loss weight per label expected");
        }
    }

    public static LabelSet byId(String id) {
        LabelSet set = BUILT_IN.get(id);
        if (set == null) {
            throw new IllegalArgumentException("unknown label set '" + id + "'; known: " + BUILT_IN.keySet());
        }
        return set;
    }

    public int size() {
        return labels.size();
    }

    /**
     * The training target of a sample's label map: 0/1 presence per label (multi-label) or a
     * one-hot of the highest-intensity label (multi-class). Labels not in the set are ignored.
     */
    public float[] target(Map<String, Float> values) {
        float[] target = new float[labels.size()];
        if (multiLabel) {
            for (int i = 0; i < labels.size(); i++) {
                target[i] = values.getOrDefault(labels.get(i), 0f) > 0f ? 1f : 0f;
            }
            return target;
        }
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < labels.size(); i++) {
            Float v = values.get(labels.get(i));
            if (v != null && v > bestValue) {
                best = i;
                bestValue = v;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no label of " + id + " in " + values.keySet());
        }
        target[best] = 1f;
        return target;
    }
}

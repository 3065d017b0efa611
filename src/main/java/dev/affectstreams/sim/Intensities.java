package dev.affectstreams.sim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Intensity per emotion on the MOSEI scale [0, 3]; all zero is neutral. Immutable. */
public final class Intensities {

    public static final Intensities NEUTRAL = new Intensities(new float[Emotion.values().length]);

    private final float[] values;

    private Intensities(float[] values) {
        this.values = values;
    }

    public static Intensities of(Map<Emotion, Float> values) {
        float[] v = new float[Emotion.values().length];
        values.forEach((e, x) -> v[e.ordinal()] = x);
        return new Intensities(v);
    }

    public float get(Emotion e) {
        return values[e.ordinal()];
    }

    /** Linear blend a·(1−t) + b·t. */
    public static Intensities mix(Intensities a, Intensities b, float t) {
        float[] v = new float[a.values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.values[i] * (1 - t) + b.values[i] * t;
        }
        return new Intensities(v);
    }

    /** Sum of several, divided by n: the mean over a second. */
    public static Intensities mean(Iterable<Intensities> all) {
        float[] v = new float[Emotion.values().length];
        int n = 0;
        for (Intensities x : all) {
            for (int i = 0; i < v.length; i++) {
                v[i] += x.values[i];
            }
            n++;
        }
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
        }
        return new Intensities(v);
    }

    public boolean neutral() {
        for (float x : values) {
            if (x > 0) {
                return false;
            }
        }
        return true;
    }

    /** Label → intensity for every emotion, as LabelFeedback and TrainingSample carry it. */
    public Map<String, Float> asLabels() {
        Map<String, Float> map = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            map.put(e.label(), values[e.ordinal()]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intensities other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return asLabels().toString();
    }
}

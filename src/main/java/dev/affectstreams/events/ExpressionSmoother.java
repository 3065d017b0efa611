package dev.affectstreams.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A participant's smoothed expression: scores averaged exponentially over events, and a state
 * that changes only on a real change (hysteresis): a new label takes over when its smoothed
 * score reaches its enter level and beats the current one, the current label is dropped when
 * its score falls below its exit level. The levels are {@code enter} and {@code exit} for a
 * label whose decision threshold is 0.5, shifted by the same amount for a label with another
 * threshold (a label calibrated at 0.3 enters at {@code enter - 0.2}). The face network's
 * probabilities are smoothed the same way; an event without a face reading clears them, so a
 * face that has gone is never read on.
 */
public final class ExpressionSmoother {

    /**
     * The smoothed scores, the current label (null: none confident) and the smoothed face
     * probabilities (null: the latest event had no face reading) with that reading's frames.
     */
    public record State(Map<String, Float> scores, String label, Map<String, Float> face, int faceFrames) {

        public State(Map<String, Float> scores, String label) {
            this(scores, label, null, 0);
        }

        /** The face class with the highest smoothed probability, or null without a face reading. */
        public String faceTop() {
            if (face == null) {
                return null;
            }
            return face.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }
    }

    private final float alpha;
    private final float enter;
    private final float exit;

    public ExpressionSmoother(float alpha, float enter, float exit) {
        if (exit > enter) {
            throw new IllegalArgumentException("the exit threshold must not exceed the enter threshold");
        }
        this.alpha = alpha;
        this.enter = enter;
        this.exit = exit;
    }

    public static ExpressionSmoother defaults() {
        return new ExpressionSmoother(0.4f, 0.6f, 0.45f);
    }

    /** The next state after an event's scores; {@code previous} may be null for a new participant. */
    public State next(State previous, Map<String, Float> scores) {
        return next(previous, scores, Map.of(), null, 0);
    }

    /**
     * The next state after an event's scores, with each label's decision threshold (0.5 where
     * absent) and the event's face reading (null: none) over {@code faceFrames} frames.
     */
    public State next(State previous, Map<String, Float> scores, Map<String, Float> thresholds,
                      Map<String, Float> face, int faceFrames) {
        Map<String, Float> smoothed = smooth(previous == null ? null : previous.scores(), scores);
        String label = previous == null ? null : previous.label();
        if (label != null && smoothed.getOrDefault(label, 0f) < level(exit, thresholds, label)) {
            label = null;
        }
        String best = null;
        float bestMargin = 0;
        for (Map.Entry<String, Float> e : smoothed.entrySet()) {
            float margin = e.getValue() - level(enter, thresholds, e.getKey());
            if (margin >= 0 && (best == null || margin > bestMargin)) {
                best = e.getKey();
                bestMargin = margin;
            }
        }
        if (best != null && !best.equals(label) && (label == null
                || bestMargin > smoothed.getOrDefault(label, 0f) - level(enter, thresholds, label) + (enter - exit))) {
            label = best;
        }
        Map<String, Float> smoothedFace = face == null ? null
                : smooth(previous == null ? null : previous.face(), face);
        return new State(smoothed, label, smoothedFace, face == null ? 0 : faceFrames);
    }

    private static float level(float base, Map<String, Float> thresholds, String label) {
        return base + thresholds.getOrDefault(label, 0.5f) - 0.5f;
    }

    private Map<String, Float> smooth(Map<String, Float> old, Map<String, Float> now) {
        Map<String, Float> smoothed = new LinkedHashMap<>();
        for (Map.Entry<String, Float> e : now.entrySet()) {
            Float before = old == null ? null : old.get(e.getKey());
            smoothed.put(e.getKey(), before == null ? e.getValue() : before + alpha * (e.getValue() - before));
        }
        return smoothed;
    }
}

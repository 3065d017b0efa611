package dev.affectstreams.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A participant's smoothed expression: scores averaged exponentially over events, and a state
 * that changes only on a real change (hysteresis): a new label takes over when its smoothed
 * score reaches {@code enter} and beats the current one, the current label is dropped when its
 * score falls below {@code exit}.
 */
public final class ExpressionSmoother {

    /** The smoothed scores and the current label (null: none confident). */
    public record State(Map<String, Float> scores, String label) {
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
        Map<String, Float> smoothed = new LinkedHashMap<>();
        for (Map.Entry<String, Float> e : scores.entrySet()) {
            Float old = previous == null ? null : previous.scores().get(e.getKey());
            smoothed.put(e.getKey(), old == null ? e.getValue() : old + alpha * (e.getValue() - old));
        }
        String label = previous == null ? null : previous.label();
        if (label != null && smoothed.getOrDefault(label, 0f) < exit) {
            label = null;
        }
        String best = null;
        float bestScore = enter;
        for (Map.Entry<String, Float> e : smoothed.entrySet()) {
            if (e.getValue() >= bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        if (best != null && (label == null || bestScore > smoothed.getOrDefault(label, 0f) + (enter - exit))) {
            label = best;
        }
        return new State(smoothed, label);
    }
}

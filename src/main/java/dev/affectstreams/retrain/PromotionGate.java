package dev.affectstreams.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a candidate may replace the live release: its held-out weighted F1 is not
 * worse than the live release's beyond a tolerance, none of its parameters or outputs is NaN
 * or infinite, and its cluster head still spreads the buffer over enough clusters in every
 * modality (effective number of clusters, exp of the occupancy entropy).
 */
public record PromotionGate(double tolerance, double minEffectiveClusters) {

    /** What the gate looked at. */
    public record Evidence(double candidateF1, double liveF1, List<String> nonFinite,
                           Map<String, Double> effectiveClusters) {
    }

    /** Promote or not, with every reason against. */
    public record Verdict(boolean promote, List<String> reasons) {
        public String summary() {
            return promote ? "passed the gate" : String.join("; ", reasons);
        }
    }

    public Verdict judge(Evidence e) {
        List<String> reasons = new ArrayList<>();
        if (!e.nonFinite().isEmpty()) {
            reasons.add("non-finite values in " + String.join(", ", e.nonFinite()));
        }
        if (Double.isNaN(e.candidateF1()) || e.candidateF1() < e.liveF1() - tolerance) {
            reasons.add(String.format("held-out weighted F1 %.4f is below the live release's %.4f by more than %.4f",
                    e.candidateF1(), e.liveF1(), tolerance));
        }
        e.effectiveClusters().forEach((modality, k) -> {
            if (!(k >= minEffectiveClusters)) {
                reasons.add(String.format("%s clusters collapsed: %.2f effective clusters, %.2f needed", modality, k,
                        minEffectiveClusters));
            }
        });
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }
}

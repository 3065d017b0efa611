package dev.affectstreams.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a candidate may replace the live release: its held-out weighted F1 is not
 * worse than the live release's beyond a tolerance, nor than any earlier promoted release's
 * the round evaluated on the same samples (so losses within the tolerance cannot add up over
 * rounds), none of its parameters or outputs is NaN
 * or infinite, and its cluster head has not collapsed in any modality: collapse is an effective
 * number of clusters (exp of the occupancy entropy on the buffer) below the minimum and below
 * the live release's on the same samples, so a candidate is blamed only for a collapse it
 * brought (features whose cluster head is degenerate from the start do not block every round).
 */
public record PromotionGate(double tolerance, double minEffectiveClusters) {

    /** What the gate looked at. */
    public record Evidence(double candidateF1, double liveF1, List<String> nonFinite,
                           Map<String, Double> effectiveClusters, Map<String, Double> liveEffectiveClusters,
                           Map<String, Double> earlierF1) {

        /** Evidence without earlier releases: the live one is the only comparison. */
        public Evidence(double candidateF1, double liveF1, List<String> nonFinite,
                        Map<String, Double> effectiveClusters, Map<String, Double> liveEffectiveClusters) {
            this(candidateF1, liveF1, nonFinite, effectiveClusters, liveEffectiveClusters, Map.of());
        }
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
        e.earlierF1().forEach((version, f1) -> {
            if (e.candidateF1() < f1 - tolerance) {
                reasons.add(String.format("held-out weighted F1 %.4f is below earlier release %s's %.4f by more than "
                        + "%.4f (losses within the tolerance would add up over rounds)", e.candidateF1(), version, f1,
                        tolerance));
            }
        });
        e.effectiveClusters().forEach((modality, k) -> {
            double live = e.liveEffectiveClusters().getOrDefault(modality, Double.POSITIVE_INFINITY);
            if (Double.isNaN(k) || (k < minEffectiveClusters && k < live)) {
                reasons.add(String.format("%s clusters collapsed: %.2f effective clusters, %.2f needed (live release: "
                        + "%.2f)", modality, k, minEffectiveClusters, live));
            }
        });
        return new Verdict(reasons.isEmpty(), List.copyOf(reasons));
    }
}

package dev.affectstreams.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

    private final PromotionGate gate = new PromotionGate(0.02, 2.0);

    @Test
    void shouldPromoteACandidateWithinTheTolerance() {
        var verdict = gate.judge(new PromotionGate.Evidence(0.49, 0.50, List.of(), Map.of("video", 3.5, "audio", 2.1),
                Map.of("video", 4.0, "audio", 2.5)));
        assertThat(verdict.promote()).isTrue();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void shouldRejectAWorseCandidateNaNsAndCollapsedClustersWithEveryReason() {
        var verdict = gate.judge(new PromotionGate.Evidence(0.40, 0.50, List.of("parameter gate.weight"),
                Map.of("video", 1.2, "audio", 4.0), Map.of("video", 3.0, "audio", 4.0)));
        assertThat(verdict.promote()).isFalse();
        assertThat(verdict.reasons()).hasSize(3);
        assertThat(verdict.summary()).contains("0.4000", "0.5000", "non-finite", "video clusters collapsed")
                .doesNotContain("audio clusters");
    }

    @Test
    void shouldNotLetSmallLossesAddUpOverRounds() {
        // each step lost less than the tolerance (0.02) to the release before it
        var third = gate.judge(new PromotionGate.Evidence(0.47, 0.48, List.of(), Map.of(), Map.of(),
                Map.of("2", 0.484, "1", 0.51)));
        assertThat(third.promote()).isFalse();
        assertThat(third.reasons()).singleElement().asString()
                .contains("below earlier release 1's 0.5100", "add up over rounds");

        var steady = gate.judge(new PromotionGate.Evidence(0.50, 0.48, List.of(), Map.of(), Map.of(),
                Map.of("2", 0.484, "1", 0.51)));
        assertThat(steady.promote()).isTrue();
    }

    @Test
    void shouldRejectANaNMetric() {
        assertThat(gate.judge(new PromotionGate.Evidence(Double.NaN, 0.1, List.of(), Map.of(), Map.of())).promote())
                .isFalse();
        assertThat(gate.judge(new PromotionGate.Evidence(0.5, 0.1, List.of(), Map.of("video", Double.NaN),
                Map.of("video", 3.0))).promote()).isFalse();
    }

    @Test
    void shouldBlameACandidateOnlyForACollapseItBrought() {
        var inherited = gate.judge(new PromotionGate.Evidence(0.5, 0.5, List.of(), Map.of("audio", 1.0),
                Map.of("audio", 1.0)));
        assertThat(inherited.promote()).as("the live release's cluster head was already degenerate").isTrue();

        var brought = gate.judge(new PromotionGate.Evidence(0.5, 0.5, List.of(), Map.of("audio", 1.0),
                Map.of("audio", 1.6)));
        assertThat(brought.promote()).isFalse();
        assertThat(brought.summary()).contains("audio clusters collapsed", "live release: 1.60");
    }

    @Test
    void shouldMeasureEffectiveClustersAsExpOfEntropy() {
        assertThat(ClusterOccupancy.effective(new long[] {10, 10, 10, 10})).isCloseTo(4.0, Offset.offset(1e-9));
        assertThat(ClusterOccupancy.effective(new long[] {40, 0, 0, 0})).isEqualTo(1.0);
        assertThat(ClusterOccupancy.effective(new long[] {30, 10, 0, 0})).isBetween(1.7, 1.8);
    }
}

package dev.affectstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures of a scaling run, from the events a consumer saw. */
class ScalingScenarioTest {

    private static final long START = 1_000_000;
    private static final ScalingScenario.Options OPTIONS = new ScalingScenario.Options("c", 2, 10, 10, 0,
            List.of(new ScalingScenario.Move(ScalingScenario.Action.START, "b"),
                    new ScalingScenario.Move(ScalingScenario.Action.KILL, "b")));

    /** Both participants' events one a second, 300 ms after their second ends, except where told. */
    private static List<ScalingScenario.Seen> steadyCall() {
        List<ScalingScenario.Seen> seen = new ArrayList<>();
        for (int s = 0; s < OPTIONS.callSeconds(); s++) {
            for (String p : List.of("p1", "p2")) {
                seen.add(new ScalingScenario.Seen(p, s, "1", 300, START + (s + 1) * 1000L + 300));
            }
        }
        return seen;
    }

    private static ScalingScenario.Result result(List<ScalingScenario.Seen> seen) {
        return ScalingScenario.result(OPTIONS, seen, List.of(START + 10_000, START + 20_000),
                List.of(new ScalingScenario.Check(true, 2, true), new ScalingScenario.Check(false, 0, false)), List.of(143),
                "1", "2", START);
    }

    @Test
    void shouldFindNothingLostOrDoubledOnASteadyCall() {
        ScalingScenario.Result r = result(steadyCall());

        assertThat(r.expected()).isEqualTo(60);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicates()).isZero();
        assertThat(r.baselineP99Ms()).isEqualTo(300);
        assertThat(r.moves()).extracting(ScalingScenario.MoveFigures::longestGapMs).containsExactly(1000L, 1000L);
        assertThat(r.moves()).extracting(ScalingScenario.MoveFigures::instancesAfter).containsExactly(2, 1);
        assertThat(r.moves().get(0).steadyAfterSeconds()).isZero();
        assertThat(r.moves().get(1).everyStateAnswered()).isFalse();
    }

    @Test
    void shouldCountLossesDuplicatesReleaseChangesAndTheGapOfAMove() {
        List<ScalingScenario.Seen> seen = new ArrayList<>(steadyCall());
        // p1's seconds 20..24 arrive together 6 s late, at 26.3 s; slot 25 of p2 never; slot 3 twice
        seen.removeIf(e -> e.participant().equals("p1") && e.seq() >= 20 && e.seq() <= 24);
        for (int s = 20; s <= 24; s++) {
            seen.add(new ScalingScenario.Seen("p1", s, "1", 26_300 - (s + 1) * 1000L, START + 26_300));
        }
        seen.removeIf(e -> e.participant().equals("p2") && e.seq() == 25);
        seen.add(new ScalingScenario.Seen("p2", 3, "1", 300, START + 4_300));
        seen.add(new ScalingScenario.Seen("p2", 29, "2", 300, START + 30_300));
        seen.removeIf(e -> e.participant().equals("p2") && e.seq() == 29 && e.version().equals("1"));

        ScalingScenario.Result r = result(seen);

        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
        assertThat(r.participantsWhoseReleaseChanged()).isEqualTo(1);
        ScalingScenario.MoveFigures kill = r.moves().get(1);
        assertThat(kill.longestGapMs()).as("p1: 20.3 s to 26.3 s").isEqualTo(6000);
        assertThat(kill.p99LatencyMs()).isEqualTo(5300);
        assertThat(kill.steadyAfterSeconds()).as("the last late event at 26.3 s, the move at 20 s").isEqualTo(6.3);
        assertThat(kill.steadyBeforeNextMove()).isTrue();
    }
}

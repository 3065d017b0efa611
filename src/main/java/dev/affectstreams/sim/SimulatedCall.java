package dev.affectstreams.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * N simulated participants in one call, all seeded from the call's seed; {@link #next} gives
 * everyone's next second. A test instrument: its labels are known by construction and say
 * nothing about accuracy on real people.
 */
public final class SimulatedCall {

    private final String callId;
    private final List<SimulatedParticipant> participants = new ArrayList<>();

    public SimulatedCall(String callId, int participants, long seed, int width, int height, int fps) {
        this.callId = callId;
        Random seeds = new Random(seed);
        for (int i = 1; i <= participants; i++) {
            this.participants.add(new SimulatedParticipant("p" + i, seeds.nextLong(), width, height, fps));
        }
    }

    public String callId() {
        return callId;
    }

    public List<SimulatedParticipant> participants() {
        return List.copyOf(participants);
    }

    /** Every participant's next second, in participant order. */
    public List<ParticipantSecond> next() {
        List<ParticipantSecond> seconds = new ArrayList<>(participants.size());
        for (SimulatedParticipant p : participants) {
            seconds.add(p.next());
        }
        return seconds;
    }
}

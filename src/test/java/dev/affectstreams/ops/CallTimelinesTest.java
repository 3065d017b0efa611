package dev.affectstreams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.testing.SampleRecords;
import org.junit.jupiter.api.Test;

class CallTimelinesTest {

    private static ExpressionEvent event(String call, String participant, long seq) {
        ExpressionEvent e = SampleRecords.expressionEvent();
        e.setCallId(call);
        e.setParticipantId(participant);
        e.setSeq(seq);
        return e;
    }

    @Test
    void shouldKeepTheLastEventsOfEachParticipantOldestFirst() {
        CallTimelines timelines = new CallTimelines(3, 60_000);
        for (long s = 0; s < 5; s++) {
            timelines.add(event("c1", "bob", s), 1_000 + s);
        }
        timelines.add(event("c1", "alice", 9), 2_000);
        var call = timelines.call("c1");
        assertThat(call).containsOnlyKeys("alice", "bob");
        assertThat(call.get("bob")).extracting(ExpressionEvent::getSeq).containsExactly(2L, 3L, 4L);
        assertThat(timelines.call("other")).isEmpty();
    }

    @Test
    void shouldListActiveCallsAndDropIdleOnes() {
        CallTimelines timelines = new CallTimelines(10, 60_000);
        timelines.add(event("old", "a", 1), 0);
        timelines.add(event("new", "a", 1), 50_000);
        timelines.add(event("new", "b", 1), 55_000);
        assertThat(timelines.calls(59_000)).extracting(CallTimelines.CallSummary::callId).containsExactly("new", "old");
        var active = timelines.calls(70_000);
        assertThat(active).extracting(CallTimelines.CallSummary::callId).containsExactly("new");
        assertThat(active.get(0).participants()).isEqualTo(2);
        assertThat(active.get(0).lastEventMs()).isEqualTo(55_000);
        assertThat(timelines.call("old")).as("an idle call's events are gone").isEmpty();
    }

    @Test
    void shouldForgetAParticipant() {
        CallTimelines timelines = new CallTimelines(10, 60_000);
        timelines.add(event("c", "a", 1), 0);
        timelines.add(event("c", "b", 1), 0);
        timelines.forget("c", "a");
        assertThat(timelines.call("c")).containsOnlyKeys("b");
    }
}

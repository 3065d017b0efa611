package dev.affectstreams.ops;

import dev.affectstreams.avro.ExpressionEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last minutes of every active call's events, per participant, in memory: what the live page
 * shows when it opens. A participant keeps its last {@code perParticipant} events; a call none of
 * whose participants had an event for {@code idleMs} is dropped. Thread-safe.
 */
final class CallTimelines {

    /** An active call: its participants and when its last event was made. */
    record CallSummary(String callId, int participants, long lastEventMs) {
    }

    private final int perParticipant;
    private final long idleMs;
    private final Map<String, Map<String, Deque<ExpressionEvent>>> calls = new TreeMap<>();
    private final Map<String, Long> lastEvent = new LinkedHashMap<>();

    CallTimelines(int perParticipant, long idleMs) {
        this.perParticipant = perParticipant;
        this.idleMs = idleMs;
    }

    synchronized void add(ExpressionEvent e, long nowMs) {
        Deque<ExpressionEvent> events = calls.computeIfAbsent(e.getCallId(), c -> new TreeMap<>())
                .computeIfAbsent(e.getParticipantId(), p -> new ArrayDeque<>());
        events.addLast(e);
        while (events.size() > perParticipant) {
            events.removeFirst();
        }
        lastEvent.put(e.getCallId(), nowMs);
    }

    /** Active calls, dropping those idle longer than the limit. */
    synchronized List<CallSummary> calls(long nowMs) {
        lastEvent.entrySet().removeIf(c -> {
            boolean idle = nowMs - c.getValue() > idleMs;
            if (idle) {
                calls.remove(c.getKey());
            }
            return idle;
        });
        List<CallSummary> out = new ArrayList<>();
        calls.forEach((id, participants) -> out.add(new CallSummary(id, participants.size(), lastEvent.get(id))));
        return out;
    }

    /** A call's participants with their kept events, oldest first; empty for a call not seen. */
    synchronized Map<String, List<ExpressionEvent>> call(String callId) {
        Map<String, List<ExpressionEvent>> out = new TreeMap<>();
        calls.getOrDefault(callId, Map.of()).forEach((p, events) -> out.put(p, List.copyOf(events)));
        return out;
    }

    /** Every participant kept, as {@code callId/participantId}. */
    synchronized List<String> participantKeys() {
        List<String> keys = new ArrayList<>();
        calls.forEach((call, participants) -> participants.keySet().forEach(p -> keys.add(call + "/" + p)));
        return keys;
    }

    /** Forgets a participant (consent withdrawn). */
    synchronized void forget(String callId, String participantId) {
        Map<String, Deque<ExpressionEvent>> participants = calls.get(callId);
        if (participants != null) {
            participants.remove(participantId);
        }
    }
}

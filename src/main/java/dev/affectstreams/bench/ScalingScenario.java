package dev.affectstreams.bench;

import dev.affectstreams.avro.ExpressionEvent;
import dev.affectstreams.config.Topics;
import dev.affectstreams.events.Consents;
import dev.affectstreams.kafka.EventConsumers;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.RegistryView;
import dev.affectstreams.sim.SimulatedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A real-time simulated call through a fleet of {@code process} instances that grows and shrinks
 * mid-call: instance {@code a} first, then each move (start, SIGTERM or SIGKILL of one instance)
 * after the other, a fixed time apart. Half-way through the warm-up a copy of the live release is
 * promoted, so every participant of the call is pinned to the release it started on while the
 * new one is live. A read_committed consumer records every event as it becomes visible; at the
 * end of each move's window every participant's state is asked of a running instance (following
 * its redirect) and the call's state of every running instance.
 */
public final class ScalingScenario {

    public enum Action { START, STOP, KILL }

    /** One change of the fleet. */
    public record Move(Action action, String instance) {

        public String label() {
            return switch (action) {
                case START -> "start " + instance;
                case STOP -> "SIGTERM " + instance;
                case KILL -> "SIGKILL " + instance;
            };
        }
    }

    /** 1 -> 2 -> 3 -> 2 -> 1 (clean stops), then 2 -> 3 and a SIGKILL of one of the three. */
    public static final List<Move> OUT_IN_AND_KILL = List.of(new Move(Action.START, "b"), new Move(Action.START, "c"),
            new Move(Action.STOP, "c"), new Move(Action.STOP, "b"), new Move(Action.START, "d"),
            new Move(Action.START, "e"), new Move(Action.KILL, "e"));

    public record Options(String callId, int participants, int warmupSeconds, int secondsPerMove, int settleSeconds,
                          List<Move> moves) {

        public int callSeconds() {
            return warmupSeconds + moves.size() * secondsPerMove + settleSeconds;
        }
    }

    /** An event as the consumer saw it: latency from the end of the chunk's second to being visible. */
    public record Seen(String participant, long seq, String version, long latencyMs, long arrivedMs) {
    }

    /**
     * What one move cost, over its window (from the move to the next one).
     *
     * @param everyStateAnswered   each participant's {@code /state} answered by its holder (a state, or none yet)
     * @param participantsWithState how many had a state (the others had no scored second yet)
     * @param callsComplete        every instance's {@code /calls} listed exactly those participants
     */
    public record MoveFigures(String move, int instancesAfter, long longestGapMs, long p99LatencyMs,
                              double steadyAfterSeconds, boolean steadyBeforeNextMove, boolean everyStateAnswered,
                              int participantsWithState, boolean callsComplete) {
    }

    /**
     * What was asked of the API at the end of a move's window.
     *
     * @param everyStateAnswered    each participant's {@code /state} answered by its holder
     * @param participantsWithState how many of them had a state
     * @param callsComplete         every instance's {@code /calls} listed exactly those
     */
    record Check(boolean everyStateAnswered, int participantsWithState, boolean callsComplete) {
    }

    public record Result(int participants, int callSeconds, int expected, int distinct, int received, int lost,
                         int duplicates, int participantsWhoseReleaseChanged, String pinnedVersion,
                         String promotedVersion, long baselineP50Ms, long baselineP99Ms, List<MoveFigures> moves,
                         List<Integer> sigtermExitCodes, List<Seen> events) {

        /** The same figures without the raw events (for reports). */
        public Result withoutEvents() {
            return new Result(participants, callSeconds, expected, distinct, received, lost, duplicates,
                    participantsWhoseReleaseChanged, pinnedVersion, promotedVersion, baselineP50Ms, baselineP99Ms,
                    moves, sigtermExitCodes, List.of());
        }
    }

    private final ProcessFleet fleet;
    private final Map<String, Object> client;
    private final Topics topics;
    private final ModelRegistry registry;
    private final Consumer<String> log;

    public ScalingScenario(ProcessFleet fleet, Map<String, Object> client, Topics topics, ModelRegistry registry,
                           Consumer<String> log) {
        this.fleet = fleet;
        this.client = client;
        this.topics = topics;
        this.registry = registry;
        this.log = log;
    }

    public Result run(Options o, String line) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int p = 1; p <= o.participants(); p++) {
            keys.add(o.callId() + "/p" + p);
        }
        Consents.allow(client, topics, keys);
        Map<String, ProcessFleet.Instance> byName = new HashMap<>();
        ProcessFleet.Instance first = fleet.start("a");
        byName.put("a", first);
        fleet.awaitRunning(first, Duration.ofMinutes(3));
        log.accept("a RUNNING; the call starts: " + o.participants() + " participants, " + o.callSeconds() + " s");

        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stopReading = new AtomicBoolean();
        CompletableFuture<Instant> started = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> reader = threads.submit(() -> read(o.callId(), seen, stopReading));
            Future<?> publisher = threads.submit(() -> LiveBenchmark.publish(client, topics,
                    new SimulatedCall(o.callId(), o.participants(), 17, 160, 120, 10), o.callId(), o.callSeconds(),
                    started::complete));
            while (!started.isDone() && !publisher.isDone()) {
                Thread.sleep(10);
            }
            if (!started.isDone()) {
                publisher.get(); // it ended before the call started: its failure
            }
            long start = started.get().toEpochMilli();

            RegistryView.Entry live = registry.read().live(line).orElseThrow();
            String pinned = live.version();
            sleepUntil(start + o.warmupSeconds() * 500L);
            String promoted = ReleaseCopies.promoteCopy(registry, registry.store().open(live.release()),
                    "hot swap during the scaling run");
            log.accept("release " + promoted + " promoted; the call stays on " + pinned);
            sleepUntil(start + o.warmupSeconds() * 1000L);

            List<Long> moveStarts = new ArrayList<>();
            List<Check> checks = new ArrayList<>();
            List<Integer> exitCodes = new ArrayList<>();
            for (int i = 0; i < o.moves().size(); i++) {
                Move move = o.moves().get(i);
                moveStarts.add(System.currentTimeMillis());
                switch (move.action()) {
                    case START -> byName.put(move.instance(), fleet.start(move.instance()));
                    case STOP -> exitCodes.add(fleet.stop(byName.get(move.instance())));
                    case KILL -> fleet.kill(byName.get(move.instance()));
                }
                log.accept(String.format("%5.1f s  %s -> %d instances", (System.currentTimeMillis() - start) / 1000.0,
                        move.label(), fleet.running().size()));
                // the last move's window runs to the end of the call
                long windowEnd = i + 1 < o.moves().size()
                        ? start + (o.warmupSeconds() + (i + 1L) * o.secondsPerMove()) * 1000L
                        : start + o.callSeconds() * 1000L;
                sleepUntil(windowEnd - 6000);
                awaitAllRunning(windowEnd - 4000);
                checks.add(check(o.callId(), keys, windowEnd));
                sleepUntil(windowEnd);
            }
            publisher.get();
            long expectedEnd = System.currentTimeMillis() + 120_000;
            int expected = o.participants() * o.callSeconds();
            while (distinct(seen) < expected && System.currentTimeMillis() < expectedEnd) {
                Thread.sleep(200);
            }
            Thread.sleep(5000); // anything more now is a duplicate
            stopReading.set(true);
            reader.get();
            for (ProcessFleet.Instance instance : fleet.running()) {
                exitCodes.add(fleet.stop(instance));
            }
            return result(o, List.copyOf(seen), moveStarts, checks, exitCodes, pinned, promoted, start);
        } finally {
            stopReading.set(true);
            threads.shutdownNow();
        }
    }

    private void read(String callId, List<Seen> seen, AtomicBoolean stop) {
        try (KafkaConsumer<String, ExpressionEvent> consumer = EventConsumers.events(client, topics, "scaling")) {
            while (!stop.get()) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    ExpressionEvent e = r.value();
                    if (e.getCallId().equals(callId)) {
                        long now = System.currentTimeMillis();
                        seen.add(new Seen(e.getParticipantId(), e.getSeq(), e.getModelVersion(),
                                now - (e.getCaptureStart().toEpochMilli() + 1000), now));
                    }
                });
            }
        }
    }

    /** Every participant's state, then every instance's view of the call, each by its deadline in the window. */
    private Check check(String callId, List<String> keys, long windowEndMs) {
        Set<String> withState = askStates(keys, windowEndMs - 1500);
        return withState == null ? new Check(false, 0, false)
                : new Check(true, withState.size(), askCalls(callId, withState, windowEndMs - 500));
    }

    /** Until every running instance is RUNNING (none rebalancing), or the deadline. */
    private void awaitAllRunning(long deadlineMs) throws InterruptedException {
        while (System.currentTimeMillis() < deadlineMs && !fleet.running().stream()
                .allMatch(i -> ProcessFleet.get(i, "/health").body().contains("RUNNING"))) {
            Thread.sleep(200);
        }
    }

    /**
     * Each participant's state asked of the running instances in turn, a redirect followed, asked
     * again until its holder answers or the deadline: 200 with the state, or 404 from the holder
     * itself for a participant that has none yet (no second of it was scored, e.g. no face found).
     * A 503 (a moved task being restored), a redirect to nowhere or no answer is not an answer.
     *
     * @return the participants answered with a state, or null when one got no answer
     */
    private Set<String> askStates(List<String> keys, long deadlineMs) {
        List<ProcessFleet.Instance> instances = fleet.running();
        Set<String> withState = new HashSet<>();
        boolean all = true;
        for (int i = 0; i < keys.size(); i++) {
            ProcessFleet.Instance asked = instances.get(i % instances.size());
            ProcessFleet.Answer last;
            do {
                last = ProcessFleet.getFollowing(asked, "/state/" + keys.get(i));
            } while (last.status() != 200 && last.status() != 404 && System.currentTimeMillis() < deadlineMs
                    && pause(250));
            if (last.status() == 200) {
                withState.add(keys.get(i).substring(keys.get(i).indexOf('/') + 1));
            } else if (last.status() != 404) {
                all = false;
                log.accept("  " + asked.name() + " /state/" + keys.get(i) + ": " + last.status() + " " + last.body());
            }
        }
        return all ? withState : null;
    }

    /** Whether every running instance answers {@code /calls/{id}} with exactly the participants that have a state. */
    private boolean askCalls(String callId, Set<String> withState, long deadlineMs) {
        for (ProcessFleet.Instance instance : fleet.running()) {
            ProcessFleet.Answer last;
            boolean complete;
            do {
                last = ProcessFleet.get(instance, "/calls/" + callId);
                complete = last.status() == 200 && participantsIn(last.body(), callId).equals(withState);
            } while (!complete && System.currentTimeMillis() < deadlineMs && pause(250));
            if (!complete) {
                log.accept("  " + instance.name() + " /calls/" + callId + ": " + last.status() + " "
                        + participantsIn(last.body(), callId) + ", expected " + withState);
                return false;
            }
        }
        return true;
    }

    private static Set<String> participantsIn(String body, String callId) {
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("\"participant\":\"" + Pattern.quote(callId)
                + "/([^\"]+)\"").matcher(body);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static Result result(Options o, List<Seen> seen, List<Long> moveStarts, List<Check> checks,
                         List<Integer> exitCodes, String pinned, String promoted, long callStart) {
        int expected = o.participants() * o.callSeconds();
        Set<String> slots = slots(seen);
        int lost = 0;
        for (int p = 1; p <= o.participants(); p++) {
            for (int s = 0; s < o.callSeconds(); s++) {
                lost += slots.contains("p" + p + "#" + s) ? 0 : 1;
            }
        }
        int distinct = slots.size();
        Map<String, Set<String>> versions = new HashMap<>();
        seen.forEach(e -> versions.computeIfAbsent(e.participant(), k -> new HashSet<>()).add(e.version()));
        int changed = (int) versions.values().stream().filter(v -> v.size() > 1).count();

        long warmupEnd = callStart + o.warmupSeconds() * 1000L;
        List<Long> baseline = seen.stream()
                .filter(e -> e.arrivedMs() >= callStart + o.warmupSeconds() * 500L && e.arrivedMs() < warmupEnd)
                .map(Seen::latencyMs).sorted().toList();
        long p50 = LiveBenchmark.percentile(baseline, 0.5);
        long p99 = LiveBenchmark.percentile(baseline, 0.99);
        long slow = Math.max(2 * p99, p99 + 500);

        List<MoveFigures> figures = new ArrayList<>();
        int instances = 1;
        for (int i = 0; i < moveStarts.size(); i++) {
            Move move = o.moves().get(i);
            instances += move.action() == Action.START ? 1 : -1;
            long from = moveStarts.get(i);
            long to = i + 1 < moveStarts.size() ? moveStarts.get(i + 1)
                    : callStart + (long) o.callSeconds() * 1000L;
            figures.add(window(o, seen, move, instances, from, to, slow, checks.get(i)));
        }
        return new Result(o.participants(), o.callSeconds(), expected, distinct, seen.size(), lost,
                seen.size() - distinct, changed, pinned, promoted, p50, p99, figures, exitCodes, seen);
    }

    private static MoveFigures window(Options o, List<Seen> seen, Move move, int instances, long from, long to,
                                      long slow, Check check) {
        long longestGap = 0;
        for (int p = 1; p <= o.participants(); p++) {
            String participant = "p" + p;
            List<Long> arrivals = seen.stream().filter(e -> e.participant().equals(participant))
                    .map(Seen::arrivedMs).sorted().toList();
            long previous = -1;
            boolean any = false;
            for (long t : arrivals) {
                if (t >= from && t < to) {
                    any = true;
                    if (previous >= 0) {
                        longestGap = Math.max(longestGap, t - previous);
                    }
                }
                if (t < to) {
                    previous = t;
                }
            }
            if (!any) {
                longestGap = Math.max(longestGap, to - from);
            }
        }
        List<Seen> inWindow = seen.stream().filter(e -> e.arrivedMs() >= from && e.arrivedMs() < to).toList();
        long p99 = LiveBenchmark.percentile(inWindow.stream().map(Seen::latencyMs).sorted().toList(), 0.99);
        long lastSlow = inWindow.stream().filter(e -> e.latencyMs() > slow).mapToLong(Seen::arrivedMs).max()
                .orElse(from);
        boolean steady = lastSlow < to - 2000;
        return new MoveFigures(move.label(), instances, longestGap, p99, (lastSlow - from) / 1000.0, steady,
                check.everyStateAnswered(), check.participantsWithState(), check.callsComplete());
    }

    /** The (participant, slot) pairs seen, as {@code participant#seq}. */
    private static Set<String> slots(List<Seen> seen) {
        synchronized (seen) {
            Set<String> slots = new HashSet<>();
            seen.forEach(e -> slots.add(e.participant() + "#" + e.seq()));
            return slots;
        }
    }

    private static int distinct(List<Seen> seen) {
        return slots(seen).size();
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long wait = epochMs - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /** Sleeps; false once interrupted (ends a retry loop). */
    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The per-move table. */
    public static String markdown(String title, Result r) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("%s: %d participants, %d s call; %d of %d (participant, slot) events, %d lost, %d "
                        + "duplicated; %d participants changed release (pinned %s while %s was live); baseline latency "
                        + "p50 %d ms, p99 %d ms%n%n", title, r.participants(), r.callSeconds(), r.distinct(),
                r.expected(), r.lost(), r.duplicates(), r.participantsWhoseReleaseChanged(), r.pinnedVersion(),
                r.promotedVersion(), r.baselineP50Ms(), r.baselineP99Ms()));
        md.append("| move | instances | longest gap (s) | p99 latency (ms) | steady after (s) | every /state answered "
                + "(with a state) | /calls complete |\n|---|---|---|---|---|---|---|\n");
        for (MoveFigures m : r.moves()) {
            md.append(String.format("| %s | %d | %.1f | %d | %s | %s (%d of %d) | %s |%n", m.move(), m.instancesAfter(),
                    m.longestGapMs() / 1000.0, m.p99LatencyMs(),
                    m.steadyBeforeNextMove() ? String.format("%.1f", m.steadyAfterSeconds()) : "not before the next move",
                    m.everyStateAnswered() ? "yes" : "no", m.participantsWithState(), r.participants(),
                    m.callsComplete() ? "yes" : "no"));
        }
        return md.toString();
    }
}

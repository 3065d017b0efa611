package dev.affectstreams.bench;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a rebalance costs a running call: {@link ScalingScenario}'s moves under several
 * configurations of the processors, each on an application id (consumer group, state) of its own
 * against the same broker.
 */
public final class ScalingBenchmark {

    /** A configuration of the processors under test. */
    public record Variant(String name, String description, Map<String, String> settings) {
    }

    public static final List<Variant> VARIANTS = List.of(
            new Variant("classic", "classic rebalance protocol, no standby replicas", Map.of()),
            new Variant("standby", "classic protocol, one standby replica per task",
                    Map.of("kafka.num.standby.replicas", "1")),
            new Variant("streams", "the streams rebalance protocol (group.protocol=streams, KIP-1071)",
                    Map.of("streams.group.protocol", "streams")));

    /** The variant of that name. */
    public static Variant variant(String name) {
        return VARIANTS.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant " + name + "; known: "
                        + String.join(", ", VARIANTS.stream().map(Variant::name).toList())));
    }

    /** One variant's figures, or why it could not run. */
    public record Run(String variant, String description, ScalingScenario.Result result, String error) {
    }

    private ScalingBenchmark() {
    }

    /**
     * Runs one variant on its own application id (consumer group, state); the broker should be a
     * fresh one, or the new group starts on the earlier runs' chunks.
     *
     * @param base     settings every instance gets (brokers, registry, model directory, release)
     * @param config   the configuration those settings make (topics, registry)
     */
    public static Run run(Variant v, Map<String, String> base, EffectiveConfig config, Map<String, Object> client,
                          Release configured, Path jar, Path work, ScalingScenario.Options options,
                          Consumer<String> log) {
        log.accept("== " + v.name() + ": " + v.description());
        Map<String, String> settings = new LinkedHashMap<>(base);
        settings.put(Settings.APPLICATION_ID.name(), config.get(Settings.APPLICATION_ID) + "-" + v.name());
        settings.putAll(v.settings());
        ScalingScenario.Options named = new ScalingScenario.Options(options.callId() + "-" + v.name(),
                options.participants(), options.warmupSeconds(), options.secondsPerMove(),
                options.settleSeconds(), options.moves());
        try (ProcessFleet fleet = new ProcessFleet(jar, work.resolve(v.name()), settings);
             ModelRegistry registry = ModelRegistry.configured(config, client)) {
            ScalingScenario.Result r = new ScalingScenario(fleet, client, Topics.from(config), registry, log)
                    .run(named, configured.manifest().modelName());
            log.accept(ScalingScenario.markdown(v.name(), r));
            return new Run(v.name(), v.description(), r.withoutEvents(), null);
        } catch (Exception e) {
            log.accept(v.name() + " could not run: " + e.getMessage());
            return new Run(v.name(), v.description(), null, String.valueOf(e.getMessage()));
        }
    }

    /** A summary over the variants, then each variant's per-move table. */
    public static String markdown(List<Run> runs, ScalingScenario.Options options) {
        StringBuilder md = new StringBuilder(String.format("%d participants in real time; moves %d s apart: %s%n%n",
                options.participants(), options.secondsPerMove(),
                String.join(", ", options.moves().stream().map(ScalingScenario.Move::label).toList())));
        md.append("| variant | lost | duplicated | release changed | longest gap: start / SIGTERM / SIGKILL (s) "
                + "| p99 latency over the moves (ms) | baseline p99 (ms) |\n|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            if (run.result() == null) {
                md.append(String.format("| %s | could not run: %s | | | | | |%n", run.variant(), run.error()));
                continue;
            }
            ScalingScenario.Result r = run.result();
            md.append(String.format("| %s | %d | %d | %d | %.1f / %.1f / %.1f | %d | %d |%n", run.variant(), r.lost(),
                    r.duplicates(), r.participantsWhoseReleaseChanged(), longestGap(r, "start"),
                    longestGap(r, "SIGTERM"), longestGap(r, "SIGKILL"),
                    r.moves().stream().mapToLong(ScalingScenario.MoveFigures::p99LatencyMs).max().orElse(-1),
                    r.baselineP99Ms()));
        }
        for (Run run : runs) {
            if (run.result() != null) {
                md.append('\n').append(ScalingScenario.markdown(run.variant() + " (" + run.description() + ")",
                        run.result()));
            }
        }
        return md.toString();
    }

    private static double longestGap(ScalingScenario.Result r, String kind) {
        return r.moves().stream().filter(m -> m.move().startsWith(kind))
                .mapToLong(ScalingScenario.MoveFigures::longestGapMs).max().orElse(0) / 1000.0;
    }
}

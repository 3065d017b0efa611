package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.LiveBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConfigOptions;
import dev.affectstreams.cli.ConsoleLines;
import dev.affectstreams.config.Settings;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.Release;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench live}: the live path in real time on the in-process broker, beside the bare model. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Simulated participants in real time through the in-process broker and the live path: "
                + "events/s, end-to-end latency percentiles, batch sizes, and the bare throughput of the same "
                + "backbones and heads without Kafka, measured in the same run."})
final class LiveBenchCommand implements Callable<Integer> {

    @Option(names = "--participants", split = ",", defaultValue = "1,2,4,8", paramLabel = "N,...",
            description = "Participant counts to run, default ${DEFAULT-VALUE}.")
    List<Integer> participants;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "S", description = "Seconds per run, default ${DEFAULT-VALUE}.")
    int seconds;

    @Mixin
    BenchOutput out;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Consumer<String> log = ConsoleLines.to(w);
        var config = ScratchCluster.config(configOptions.load(), "affect-streams-bench");
        List<LiveBenchmark.Run> runs = new ArrayList<>();
        Release release;
        try (var kafka = KafkaConnection.open(config)) {
            release = ScratchCluster.liveRelease(config, kafka, log);
            for (int n : participants) {
                var c = config.with(Settings.APPLICATION_ID, "bench-live-" + n);
                runs.add(LiveBenchmark.run(c, kafka, release, n, seconds, log));
            }
        }
        var bare = LiveBenchmark.bare(release,
                config.get(Settings.DEVICE), List.of(1, 2, 4, 8));
        bare.forEach(b -> log.accept(String.format("bare model batch %d: %.1f chunks/s", b.batch(),
                b.chunksPerSecond())));
        out.write(w, "live", LiveBenchmark.markdown(runs, bare),
                Map.of("runs", runs, "bare", bare));
        return 0;
    }
}

package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.SoakBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConfigOptions;
import dev.affectstreams.cli.ConsoleLines;
import dev.affectstreams.config.Settings;
import dev.affectstreams.kafka.KafkaConnection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench soak}: a long real-time run of the live path, memory and latency over time. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"A long real-time run of the live path on the in-process broker: heap after GC, resident "
                + "memory, consumer-visible latency and lag every 10 s (to soak.csv as it goes), then the change "
                + "of each over the run from a fitted line."})
final class SoakBenchCommand implements Callable<Integer> {

    @Option(names = "--minutes", defaultValue = "30", paramLabel = "N", description = "Length, default ${DEFAULT-VALUE}.")
    int minutes;

    @Option(names = "--participants", defaultValue = "8", paramLabel = "N",
            description = "Participants in real time, default ${DEFAULT-VALUE} (about 80% of the 10-12 this 2-core "
                    + "machine scores in real time, see bench live).")
    int participants;

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
        var config = ScratchCluster.config(configOptions.load(), "affect-streams-soak")
                .with(Settings.APPLICATION_ID, "bench-soak");
        try (var kafka = KafkaConnection.open(config)) {
            var release = ScratchCluster.liveRelease(config, kafka, log);
            var result = SoakBenchmark.run(config, kafka, release, participants,
                    Duration.ofMinutes(minutes), Duration.ofSeconds(10),
                    out.dir.resolve("soak.csv"), log);
            out.write(w, "soak", SoakBenchmark.markdown(result), result);
        }
        return 0;
    }
}

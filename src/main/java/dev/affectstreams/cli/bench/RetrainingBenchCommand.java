package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.RetrainingBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConfigOptions;
import dev.affectstreams.cli.ConsoleLines;
import dev.affectstreams.retrain.RetrainingRound;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench retraining}: does retraining on live traffic help, round by round. */
@Command(name = "retraining", mixinStandardHelpOptions = true,
        description = {"Does retraining on live traffic help? Simulated calls with known labels (small backbones) "
                + "arrive one per round; --label-fraction of their seconds carry labels. The initial release is "
                + "untrained heads with a probe on the first call's labels; each round is the worker's round "
                + "(retrain.* settings) on the replay buffer, judged by its gate. Prints the held-out weighted F1 "
                + "of each live release on a separate evaluation call. Simulated data, not people."})
final class RetrainingBenchCommand implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "4", paramLabel = "N", description = "Rounds, default ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--participants", defaultValue = "6", paramLabel = "N",
            description = "Participants per simulated call, default ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
            description = "Seconds per simulated call, default ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--label-fraction", defaultValue = "0.25", paramLabel = "F",
            description = "Share of seconds with labels, default ${DEFAULT-VALUE}.")
    double labelFraction;

    @Mixin
    ConfigOptions configOptions;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("affect-streams-bench-retraining");
        var options = RetrainingRound.Options.from(configOptions.load());
        var result = RetrainingBenchmark.run(work, rounds, participants, seconds,
                labelFraction, options, ConsoleLines.to(w));
        out.write(w, "retraining", result.markdown(), result);
        return 0;
    }
}

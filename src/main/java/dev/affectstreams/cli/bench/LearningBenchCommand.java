package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.BenchmarkRuns;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConsoleLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench learning}: does self-supervision help, on the synthetic feature world. */
@Command(name = "learning", mixinStandardHelpOptions = true,
        description = {"Does self-supervision help? On the synthetic feature world (a test instrument, not real "
                + "people): pretrain every task combination on unlabelled clips, fit the linear probe with 1%% and "
                + "10%% of the labels, and print test weighted F1 next to untrained heads, mean ± sd over seeds."})
final class LearningBenchCommand implements Callable<Integer> {

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds to average, default ${DEFAULT-VALUE}.")
    int seeds;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "Pretraining epochs, default ${DEFAULT-VALUE}.")
    int epochs;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        BenchmarkRuns.Learning result = BenchmarkRuns.learning(seeds, epochs, ConsoleLines.to(w));
        out.write(w, "learning-evidence", result.markdown(), result);
        return 0;
    }
}

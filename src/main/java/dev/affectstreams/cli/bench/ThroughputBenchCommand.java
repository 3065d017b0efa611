package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.BenchmarkRuns;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConsoleLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench model-throughput}: the ConCluGen heads at paper scale, training and inference. */
@Command(name = "model-throughput", mixinStandardHelpOptions = true,
        description = "Throughput of the ConCluGen heads at paper scale (R 4096, video 4096 / audio 1024 / text 768): "
                + "self-supervised training steps and heads+classifier inference, in clips/s per batch size.")
final class ThroughputBenchCommand implements Callable<Integer> {

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,32,256", paramLabel = "B,...",
            description = "Batch sizes, default ${DEFAULT-VALUE} (training needs 2 or more: batch 1 is inference only).")
    List<Integer> batchSizes;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S", description = "Measuring time per figure, default ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
    String device;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        BenchmarkRuns.Throughput result = BenchmarkRuns.throughput(device, batchSizes, seconds, ConsoleLines.to(w));
        out.write(w, "model-throughput", result.markdown(), result);
        return 0;
    }
}

package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.BackboneBenchmark;
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

/** {@code bench backbones}: cost of the built-in backbones per chunk. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "Cost of the built-in backbones per one-second chunk at several batch sizes: ms per chunk, "
                + "achieved GFLOP/s from the analytic MACs, and the ratio to a 2048x2048 matrix multiply measured in "
                + "the same run.")
final class BackbonesBenchCommand implements Callable<Integer> {

    @Option(names = "--backbones", split = ",", paramLabel = "NAME,...",
            defaultValue = "resnet-small,r3d-small,resdavenet-small,face-expression-net,resnet152,r3d101,resdavenet",
            description = "Backbones, default ${DEFAULT-VALUE} (face-expression-net is left out until fetched).")
    List<String> backbones;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", paramLabel = "B,...",
            description = "Batch sizes, default ${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
    String device;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        var result = BenchmarkRuns.backbones(backbones, batchSizes, device, ConsoleLines.to(w));
        out.write(w, "backbones", BackboneBenchmark.markdown(result), result);
        return 0;
    }
}

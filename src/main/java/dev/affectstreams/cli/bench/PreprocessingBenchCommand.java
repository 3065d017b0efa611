package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.PreprocessingBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConsoleLines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench preprocessing}: what a chunk costs before the backbones, stage by stage. */
@Command(name = "preprocessing", mixinStandardHelpOptions = true,
        description = "What the live path spends per chunk before the backbones, stage by stage on one thread: "
                + "decoding, face detection and tracking, 2D and 3D frame preparation, mel spectrogram.")
final class PreprocessingBenchCommand implements Callable<Integer> {

    @Option(names = "--chunks", defaultValue = "200", paramLabel = "N", description = "Chunks, default ${DEFAULT-VALUE}.")
    int chunks;

    @Option(names = "--size", defaultValue = "160x120", paramLabel = "WxH", description = "Frame size, default ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--fps", defaultValue = "10", paramLabel = "F", description = "Frame rate, default ${DEFAULT-VALUE}.")
    int fps;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.split("x");
        var result = PreprocessingBenchmark.run(chunks, Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1]), fps, ConsoleLines.to(spec.commandLine().getOut()));
        out.write(spec.commandLine().getOut(), "preprocessing",
                PreprocessingBenchmark.markdown(result), result);
        return 0;
    }
}

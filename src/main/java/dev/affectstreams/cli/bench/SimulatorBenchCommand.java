package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.SimulatorBenchmark;
import dev.affectstreams.cli.BenchOutput;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench simulator}: speed of the simulated-call generator. */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Speed of the simulated-call generator on one thread: ms per participant-second, with and "
                + "without JPEG-encoding the frames, and how many participants one core keeps in real time.")
final class SimulatorBenchCommand implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "320x240", paramLabel = "WxH", description = "Frame size, default ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--fps", defaultValue = "25", paramLabel = "FPS", description = "Frame rate, default ${DEFAULT-VALUE}.")
    int fps;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Measuring time per figure, default ${DEFAULT-VALUE}.")
    double seconds;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        var rows = SimulatorBenchmark.run(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), fps,
                seconds);
        out.write(spec.commandLine().getOut(), "simulator", SimulatorBenchmark.markdown(rows),
                rows);
        return 0;
    }
}

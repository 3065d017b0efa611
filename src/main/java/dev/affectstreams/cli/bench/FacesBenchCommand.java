package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.FaceDetectionBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.media.FaceDetector;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench faces}: how often each face detector finds simulated faces. */
@Command(name = "faces", mixinStandardHelpOptions = true,
        description = "How often each face detector (Haar; BlazeFace when fetched) finds the faces of simulated "
                + "participants, on the same frames: the first frame of every participant-second.")
final class FacesBenchCommand implements Callable<Integer> {

    @Option(names = "--seeds", defaultValue = "11,13,21,7001,7002", split = ",", paramLabel = "SEED,...",
            description = "Simulated calls, default ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(names = "--participants", defaultValue = "4", paramLabel = "N", description = "Per call, default ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--seconds", defaultValue = "6", paramLabel = "S", description = "Per call, default ${DEFAULT-VALUE}.")
    int seconds;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var rows = FaceDetectionBenchmark.run(seeds, participants, seconds, 160, 120,
                FaceDetector.BLAZEFACE_DIR);
        out.write(spec.commandLine().getOut(), "faces", FaceDetectionBenchmark.markdown(rows),
                rows);
        return 0;
    }
}

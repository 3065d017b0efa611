package dev.affectstreams.cli;

import dev.affectstreams.sim.SimulationWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes a simulated call as MP4 files with a labels file. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a call: synthetic talking faces and voices with known expressions (neutral and the six "
                + "MOSEI emotions, with intensities and blends), written as one MP4 (H.264 + AAC) per participant and "
                + "labels.csv (per participant and second).",
            "A test instrument: numbers measured on it are not accuracy on real people."})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--participants", defaultValue = "2", paramLabel = "N", description = "Participants, default ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--seconds", defaultValue = "30", paramLabel = "S", description = "Length in seconds, default ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--seed", defaultValue = "127", paramLabel = "SEED", description = "Seed, default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--size", defaultValue = "320x240", paramLabel = "WxH", description = "Frame size, default ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--fps", defaultValue = "25", paramLabel = "FPS", description = "Frame rate, default ${DEFAULT-VALUE}.")
    int fps;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 320x240, not " + size);
        }
        SimulationWriter.Spec s = new SimulationWriter.Spec(participants, seconds, seed, Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1]), fps);
        List<Path> files;
        long total = (long) participants * seconds;
        if (System.console() != null) {
            // a terminal: a bar redrawn in place, without colour codes
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("simulate").setInitialMax(total)
                    .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUnit(" participant-s", 1).build()) {
                files = SimulationWriter.write(out, s, bar::stepTo);
            }
        } else {
            // a pipe or a file: a plain line every tenth of the way
            PrintWriter progress = spec.commandLine().getErr();
            long[] shown = {0};
            files = SimulationWriter.write(out, s, done -> {
                if (done * 10 / Math.max(total, 1) > shown[0] * 10 / Math.max(total, 1) || done == total) {
                    shown[0] = done;
                    progress.printf("simulate: %d/%d participant-seconds%n", done, total);
                    progress.flush();
                }
            });
        }
        files.forEach(f -> spec.commandLine().getOut().println("wrote " + f));
        spec.commandLine().getOut().println("(synthetic test data: its labels say nothing about accuracy on real people)");
        return 0;
    }
}

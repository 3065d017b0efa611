package dev.affectstreams.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bench ...}: benchmarks that print figures and write them to files, one command per benchmark. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints its table and writes it as Markdown and JSON under --out.",
        subcommands = {LearningBenchCommand.class, ThroughputBenchCommand.class, BackbonesBenchCommand.class,
            SimulatorBenchCommand.class, LiveBenchCommand.class, RetrainingBenchCommand.class, FacesBenchCommand.class,
            PreprocessingBenchCommand.class, SoakBenchCommand.class, ExpressionsBenchCommand.class,
            ScalingBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

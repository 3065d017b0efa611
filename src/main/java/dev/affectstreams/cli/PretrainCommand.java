package dev.affectstreams.cli;

import dev.affectstreams.jobs.PretrainJob;
import dev.affectstreams.model.train.LearningRateSchedule;
import dev.affectstreams.model.train.ProgressBarListener;
import dev.affectstreams.model.train.SslOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Features in, release out. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Train the ConCluGen heads self-supervised on a feature dataset (an Avro container of "
                + "TrainingSample) and write a release directory.",
            "Labels in the features are ignored. Pass --checkpoint-dir to resume an interrupted run exactly."})
final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Feature dataset to train on.")
    Path features;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New release directory (must not exist).")
    Path out;

    @Option(names = "--from", paramLabel = "DIR", description = "Continue from this release (same architecture and backbones).")
    Path parent;

    @Mixin
    ModelOptions model;

    @Mixin
    TrainingOptions training;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "50", description = "Epochs, default ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "256", description = "Clips per step, default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "1e-4",
            description = "Peak learning rate (warm-up 5 epochs from 0.1x, then cosine restarts T0 20, x2, decay 0.75). "
                    + "Default ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "1e-3", description = "AdamW weight decay, default ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Checkpoint after every epoch; resume from it if present.")
    Path checkpointDir;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "0", description = "Stop after N steps (0: no cap).")
    int maxSteps;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SslOptions options = new SslOptions(epochs, batchSize, LearningRateSchedule.pretraining(lr), weightDecay,
                training.seed, maxSteps, checkpointDir);
        String version = training.version != null ? training.version : TrainingOptions.timestampVersion(Instant.now());
        PretrainJob.Request request = new PretrainJob.Request(features, this.out, model.template(), options,
                training.device, training.modelName, version, parent);
        PretrainJob.Result result = PretrainJob.run(request, new ProgressBarListener(epochs, line -> {
            out.println();
            out.println(line);
            out.flush();
        }));
        out.printf("%nRelease %s %s written to %s (%d steps, %.1f clips/s)%n", result.release().manifest().modelName(),
                result.release().manifest().version(), result.release().dir(), result.report().steps(),
                result.report().samplesPerSecond());
        return 0;
    }
}

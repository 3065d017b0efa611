package dev.affectstreams.cli;

import dev.affectstreams.jobs.ProbeJob;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.train.LearningRateSchedule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Release + labelled features in, release with classifier out. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Fit the linear probe (dropout 0.5 + linear on the concatenated frozen representations) on "
                + "labelled features and write a new release with the classifier.",
            "Validation: --validation FILE, or participants of the training file held out by --held-out."})
final class ProbeCommand implements Callable<Integer> {

    @Option(names = "--release", required = true, paramLabel = "DIR", description = "Release with trained heads.")
    Path release;

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Labelled feature dataset.")
    Path features;

    @Option(names = "--label-set", required = true, paramLabel = "ID",
            description = "Label set of the labels: mosei-6@1 (multi-label), meld-7@1, caer-7@1 or synthetic-6@1.")
    String labelSet;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New release directory (must not exist).")
    Path out;

    @Option(names = "--validation", paramLabel = "FILE", description = "Labelled features to validate on.")
    Path validation;

    @Option(names = "--held-out", paramLabel = "F", defaultValue = "0.1",
            description = "Fraction of participants held out for validation without --validation. Default ${DEFAULT-VALUE}.")
    double heldOut;

    @Option(names = "--label-fraction", paramLabel = "F", defaultValue = "1.0",
            description = "Use the labels of only this fraction of the training clips. Default ${DEFAULT-VALUE}.")
    double labelFraction;

    @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "300", description = "Epoch limit, default ${DEFAULT-VALUE}.")
    int maxEpochs;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.00967", description = "Peak learning rate, default ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--reference-weights", description = "Multi-label sets: weigh positives with the label set's "
            + "own pos_weight (for mosei-6@1 the reference's values, right for CMU-MOSEI's label rates) instead of "
            + "negatives/positives of each label in the training data.")
    boolean referenceWeights;

    @Mixin
    TrainingOptions training;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LabelSet labels = CliLabelSets.byId(labelSet);
        ProbeOptions defaults = ProbeOptions.defaults();
        ProbeOptions options = new ProbeOptions(maxEpochs, defaults.batchSize(), LearningRateSchedule.probe(lr),
                defaults.weightDecay(), defaults.patience(), training.seed, referenceWeights);
        String version = training.version != null ? training.version : TrainingOptions.timestampVersion(Instant.now());
        ProbeJob.Result result = ProbeJob.run(new ProbeJob.Request(release, features, validation, labels, out, version,
                options, heldOut, labelFraction, training.device));
        var report = result.report();
        MetricsTable.print(spec.commandLine().getOut(), "validation", report.validation());
        spec.commandLine().getOut().printf("%d epochs (best %d%s). Release %s written to %s%n", report.epochsRun(),
                report.bestEpoch() + 1, report.stoppedEarly() ? ", stopped early" : "",
                result.release().manifest().version(), result.release().dir());
        return 0;
    }
}

package dev.affectstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.affectstreams.jobs.EvaluateJob;
import dev.affectstreams.model.probe.ClassificationMetrics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Release + labelled features in, metrics out. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a release's classifier on labelled features: weighted and per-class accuracy, "
                + "precision, recall and F1 as a table, and as JSON with --json.")
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--release", required = true, paramLabel = "DIR", description = "Release with a classifier.")
    Path release;

    @Option(names = "--features", required = true, paramLabel = "FILE", description = "Labelled feature dataset.")
    Path features;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the metrics as JSON to FILE.")
    Path json;

    @Mixin
    TrainingOptions training;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClassificationMetrics.Report report = EvaluateJob.run(release, features, training.device);
        MetricsTable.print(spec.commandLine().getOut(), "evaluation of " + release, report);
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            spec.commandLine().getOut().println("metrics written to " + json);
        }
        return 0;
    }
}

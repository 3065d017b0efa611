package dev.affectstreams.cli;

import dev.affectstreams.app.LiveService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs the live processor against a cluster until Ctrl-C. */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Run the live processor: audio and video chunks in, expression events out, exactly once. "
                + "Scale by starting more instances with the same application.id.",
            "Serves the live release of the model line of model.release (or of the bootstrap release, made if "
                    + "missing) as the models topic names it, and swaps newly promoted releases in without a restart; "
                    + "model.pinning keeps a participant's stream on the release it started with."})
final class ProcessCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        try (LiveService service = LiveService.start(configOptions.load(), ConsoleLines.to(out))) {
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "process-shutdown"));
            out.printf("Processing on %s with %s (newly promoted releases are swapped in); Ctrl-C stops.%n",
                    service.kafka().bootstrapServers(), service.describe());
            out.flush();
            Throwable fatal = service.awaitStop();
            if (fatal != null) {
                throw new IllegalStateException("the live path stopped: " + fatal.getMessage(), fatal);
            }
        }
        return 0;
    }
}

package dev.affectstreams.cli;

import dev.affectstreams.app.RetrainService;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code retrain}: the continuous self-supervised retraining worker of the served model line. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Run the retraining worker: ssl.samples into a persistent replay buffer (retrain.dir), rounds "
                + "of self-supervised training from the live release when retrain.min.new.samples new samples have "
                + "arrived or retrain.interval has passed, a new linear probe on the labelled samples, evaluation on "
                + "held-out participants and the promotion gate; candidates are announced on the models topic and "
                + "reports published on retrain.reports; /health and /metrics on retrain.http.port. Runs until Ctrl-C.",
                "Resource limits: retrain.threads (CPU threads of the tensor engine), retrain.device (cpu unless told), "
                        + "retrain.buffer.capacity and retrain.batch.size (memory); give the JVM -Xmx to cap its heap."})
final class RetrainCommand implements Callable<Integer> {

    private static final long SHUTDOWN_WAIT_MS = 10_000;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EffectiveConfig config = configOptions.load();
        // before the tensor engine starts: its thread pools are sized once
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(config.get(Settings.RETRAIN_THREADS)));
        PrintWriter out = spec.commandLine().getOut();
        try (RetrainService service = RetrainService.open(config, ConsoleLines.to(out), report -> {
            out.printf("round %s: %s%s%n", report.roundId(), report.outcome(),
                    report.candidateVersion() == null ? "" : " (candidate " + report.candidateVersion() + ")");
            out.flush();
        })) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.stop();
                try {
                    main.join(SHUTDOWN_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "retrain-shutdown"));
            var buffer = service.buffer();
            out.printf("Retraining %s from its live release on %s: %d samples buffered (%d labelled, %d new); "
                            + "Ctrl-C stops.%n", service.modelLine(), service.kafka().bootstrapServers(), buffer.size(),
                    buffer.labelled(), buffer.newSinceRound());
            out.println(service.describeEndpoint(config.get(Settings.HTTP_HOST)));
            out.flush();
            service.run();
        }
        return 0;
    }
}

package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.inference.LiveModels;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import dev.affectstreams.retrain.ReplayBuffer;
import dev.affectstreams.retrain.RetrainWorker;
import dev.affectstreams.retrain.RetrainingRound;
import java.io.PrintWriter;
import java.time.Clock;
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
                + "reports published on retrain.reports. Runs until Ctrl-C.",
                "Resource limits: retrain.threads (CPU threads of the tensor engine), retrain.device (cpu unless told), "
                        + "retrain.buffer.capacity and retrain.batch.size (memory); give the JVM -Xmx to cap its heap."})
final class RetrainCommand implements Callable<Integer> {

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
        Release configured = LiveModels.configured(config, ConsoleLines.to(out));
        try (KafkaConnection kafka = KafkaConnection.open(config)) {
            Topics topics = Topics.from(config);
            TopicTable.ensure(kafka.clientProperties(), config, topics);
            Release initial = LiveModels.initial(config, kafka.clientProperties(), configured,
                    ConsoleLines.to(out));
            String line = initial.manifest().modelName();
            try (ModelRegistry registry = LiveModels.registry(config, kafka.clientProperties());
                 ReplayBuffer buffer = ReplayBuffer.open(config.get(Settings.RETRAIN_DIR).resolve(line).resolve("buffer"),
                         config.get(Settings.RETRAIN_BUFFER_CAPACITY))) {
                RetrainWorker worker = new RetrainWorker(line, buffer, registry, topics, kafka.clientProperties(),
                        config.get(Settings.APPLICATION_ID) + "-retrain-" + line, RetrainingRound.Options.from(config),
                        new RetrainWorker.Schedule(config.get(Settings.RETRAIN_MIN_NEW), config.get(Settings.RETRAIN_INTERVAL)),
                        Clock.systemUTC(), report -> {
                            out.printf("round %s: %s%s%n", report.roundId(), report.outcome(),
                                    report.candidateVersion() == null ? "" : " (candidate " + report.candidateVersion() + ")");
                            out.flush();
                        });
                Thread main = Thread.currentThread();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    worker.close();
                    try {
                        main.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "retrain-shutdown"));
                out.printf("Retraining %s from its live release on %s: %d samples buffered (%d labelled, %d new); "
                                + "Ctrl-C stops.%n", line, kafka.bootstrapServers(), buffer.size(), buffer.labelled(),
                        buffer.newSinceRound());
                out.flush();
                worker.run();
            }
        }
        return 0;
    }
}

package dev.affectstreams.cli;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.inference.InferenceSettings;
import dev.affectstreams.inference.LiveApp;
import dev.affectstreams.inference.LiveModels;
import dev.affectstreams.kafka.KafkaConnection;
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
        EffectiveConfig config = configOptions.load();
        var out = spec.commandLine().getOut();
        var configured = LiveModels.configured(config, ConsoleLines.to(out));
        try (KafkaConnection kafka = KafkaConnection.open(config);
             QueryApi api = QueryApi.bind(config)) {
            config = api.advertise(config);
            TopicTable.ensure(kafka.clientProperties(), config, Topics.from(config));
            var release = LiveModels.initial(config, kafka.clientProperties(), configured,
                    ConsoleLines.to(out));
            try (LiveApp app = new LiveApp(config, kafka.clientProperties(), release, InferenceSettings.from(config))) {
                Runtime.getRuntime().addShutdownHook(new Thread(app::close, "process-shutdown"));
                app.start();
                api.start(app);
                out.printf("Processing on %s with release %s %s (newly promoted releases are swapped in); %s; "
                        + "Ctrl-C stops.%n", kafka.bootstrapServers(), app.releases().current().manifest().modelName(),
                        app.releases().current().manifest().version(),
                        api.describe());
                out.flush();
                Throwable fatal = app.awaitStop();
                if (fatal != null) {
                    throw new IllegalStateException("the live path stopped: " + fatal.getMessage(), fatal);
                }
            }
        }
        return 0;
    }
}

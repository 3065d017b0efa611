package dev.affectstreams.app;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.kafka.TopicAdmin;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Which model line the live path and the retraining worker serve, and the release they start from. */
public final class ServedLine {

    private ServedLine() {
    }

    /** The configured release, or the starter release (made if missing), verified. */
    public static Release configured(EffectiveConfig config, Consumer<String> log) throws IOException {
        String configured = config.get(Settings.MODEL_RELEASE);
        if (!configured.isBlank()) {
            return Release.open(Path.of(configured));
        }
        return BootstrapReleaseJob.ensure(config.get(Settings.MODEL_DIR), config.get(Settings.DEVICE), log);
    }

    /**
     * The live release of the configured release's model line (see {@link #configured}), from
     * the registry; when the models topic knows no promoted release of that line, the
     * configured one is copied into the artifact store and announced as the line's first
     * promoted release.
     */
    public static Release initial(EffectiveConfig config, Map<String, Object> clientProperties, Release configured,
                                  Consumer<String> log) throws IOException {
        try (ModelRegistry registry = ModelRegistry.configured(config, clientProperties)) {
            var live = registry.ensureLive(configured);
            try {
                return registry.store().open(live);
            } catch (IOException | RuntimeException e) {
                log.accept("The registry's live release " + live.getVersion() + " cannot be opened (" + e.getMessage()
                        + "); starting from the configured release " + configured.manifest().version());
                return configured;
            }
        }
    }

    /** The topics made and the line's live release, as a processor or worker starts on that broker. */
    public static Release prepare(EffectiveConfig config, KafkaConnection kafka, Release configured,
                                  Consumer<String> log) throws IOException {
        TopicAdmin.ensure(kafka.clientProperties(), config);
        return initial(config, kafka.clientProperties(), configured, log);
    }
}

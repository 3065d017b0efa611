package dev.affectstreams.inference;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.config.Topics;
import dev.affectstreams.model.jobs.BootstrapReleaseJob;
import dev.affectstreams.registry.ArtifactStore;
import dev.affectstreams.registry.ModelRegistry;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Which model line the live path serves, and the release it starts from. */
public final class LiveModels {

    private LiveModels() {
    }

    /** The configured release, or the bootstrap release (made if missing), verified. */
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
        try (ModelRegistry registry = registry(config, clientProperties)) {
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

    public static ModelRegistry registry(EffectiveConfig config, Map<String, Object> clientProperties) {
        return new ModelRegistry(ArtifactStore.configured(config), Topics.from(config).models(),
                clientProperties);
    }
}

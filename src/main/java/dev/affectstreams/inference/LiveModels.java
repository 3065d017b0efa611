package dev.affectstreams.inference;

import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.jobs.BootstrapReleaseJob;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Which release the live path serves, and its per-thread models. */
public final class LiveModels {

    private LiveModels() {
    }

    /** The configured release, or the bootstrap release (made if missing). */
    public static Path release(EffectiveConfig config, Consumer<String> log) throws IOException {
        String configured = config.get(Settings.MODEL_RELEASE);
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        return BootstrapReleaseJob.ensure(config.get(Settings.MODEL_DIR), config.get(Settings.DEVICE), log).dir();
    }

    public static ThreadModels perThread(Path release, String device) {
        return new ThreadModels(() -> LiveModel.open(release, Devices.parse(device)));
    }
}

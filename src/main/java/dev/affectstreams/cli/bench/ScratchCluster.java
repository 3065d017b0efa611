package dev.affectstreams.cli.bench;

import dev.affectstreams.app.ServedLine;
import dev.affectstreams.config.EffectiveConfig;
import dev.affectstreams.config.Settings;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.commons.io.FileUtils;

/** A fresh in-process broker, state and registry for a benchmark of the live path. */
final class ScratchCluster {

    private ScratchCluster() {
    }

    /** The configuration with a fresh in-process broker, state and registry in a temporary directory. */
    static EffectiveConfig config(EffectiveConfig base, String prefix) throws IOException {
        Path scratch = Files.createTempDirectory(prefix);
        return base.with(Settings.STATE_DIR, scratch.resolve("state"))
                .with(Settings.EMBEDDED_DATA_DIR, scratch.resolve("kafka"))
                .with(Settings.EMBEDDED_PORT, 0)
                .with(Settings.REGISTRY_DIR, scratch.resolve("registry"));
    }

    /** Removes the temporary directory {@link #config} made (the broker closed first). */
    static void delete(EffectiveConfig config) {
        FileUtils.deleteQuietly(config.get(Settings.STATE_DIR).getParent().toFile());
    }

    /** The topics made and the line's live release, as {@code process} would start on that broker. */
    static Release liveRelease(EffectiveConfig config, KafkaConnection kafka, Consumer<String> log) throws IOException {
        return liveRelease(config, kafka, configured(config, log), log);
    }

    /** The configured (or bootstrap) release, made if missing. */
    static Release configured(EffectiveConfig config, Consumer<String> log) throws IOException {
        return ServedLine.configured(config, log);
    }

    /** The topics made and {@code configured} live on the line, as {@code process} would start on that broker. */
    static Release liveRelease(EffectiveConfig config, KafkaConnection kafka, Release configured, Consumer<String> log)
            throws IOException {
        return ServedLine.prepare(config, kafka, configured, log);
    }
}

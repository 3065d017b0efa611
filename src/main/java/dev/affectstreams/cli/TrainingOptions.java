package dev.affectstreams.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** Options every model job shares. */
final class TrainingOptions {

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (GPU when the engine sees one), cpu or gpu:N. Default ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "127", description = "Seed, default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--release-version", paramLabel = "V", description = "Version of the new release; default: UTC time.")
    String version;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = "conclugen", description = "Model line, default ${DEFAULT-VALUE}.")
    String modelName;

    static String timestampVersion(Instant now) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
    }
}

package dev.affectstreams.testing;

import dev.affectstreams.bench.ProcessFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The packaged jar run as a separate process, as an operator runs it. */
public final class PackagedCli {

    public static final Path JAR = Path.of("target", "affect-streams.jar");

    private PackagedCli() {
    }

    /**
     * Starts {@code java -jar affect-streams.jar ARGS --set k=v...} with the environment added.
     *
     * @param output where stdout and stderr go, or null to discard them
     */
    public static Process start(List<String> args, Map<String, String> settings, Map<String, String> env, Path output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ProcessFleet.javaJar(JAR, args, settings)).redirectErrorStream(true)
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()));
        builder.environment().putAll(env);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.environment().put("DJL_OFFLINE", "true");
        return builder.start();
    }

    /** {@code process} on the given release, with a short session timeout so a killed instance is noticed soon. */
    public static Process process(Path release, Map<String, String> settings, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("process", "--set", "model.release=" + release,
                "--set", "kafka.consumer.session.timeout.ms=10000"));
        args.addAll(extra);
        return start(args, settings, Map.of(), null);
    }
}

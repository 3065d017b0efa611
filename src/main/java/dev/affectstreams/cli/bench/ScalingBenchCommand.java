package dev.affectstreams.cli.bench;

import dev.affectstreams.bench.ScalingBenchmark;
import dev.affectstreams.bench.ScalingScenario;
import dev.affectstreams.cli.BenchOutput;
import dev.affectstreams.cli.ConfigOptions;
import dev.affectstreams.cli.ConsoleLines;
import dev.affectstreams.config.Settings;
import dev.affectstreams.kafka.KafkaConnection;
import dev.affectstreams.registry.Release;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench scaling}: what instances joining and leaving mid-call cost a participant. */
@Command(name = "scaling", mixinStandardHelpOptions = true,
        description = {"Separate `process` instances (this jar) join and leave a real-time simulated call on the "
                + "in-process broker: 1 -> 2 -> 3 -> 2 -> 1 (SIGTERM), 2 -> 3, then a SIGKILL. Per move: the longest "
                + "gap in a participant's events, the p99 latency, the time back to steady latency, whether the state "
                + "API answered; lost and duplicated events over the call. Once per variant (see --variants)."})
final class ScalingBenchCommand implements Callable<Integer> {

    @Option(names = "--participants", defaultValue = "8", paramLabel = "N", description = "Default ${DEFAULT-VALUE}.")
    int participants;

    @Option(names = "--seconds-per-move", defaultValue = "25", paramLabel = "S",
            description = "Time from one move to the next, default ${DEFAULT-VALUE}.")
    int secondsPerMove;

    @Option(names = "--variants", defaultValue = "classic,standby,streams", split = ",", paramLabel = "NAME",
            description = "Of classic, standby, streams; default ${DEFAULT-VALUE}.")
    List<String> variants;

    @Option(names = "--session-timeout-ms", defaultValue = "10000", paramLabel = "MS",
            description = "The processors' consumer session timeout: how soon a killed instance's partitions move "
                    + "(classic protocol), default ${DEFAULT-VALUE}.")
    int sessionTimeoutMs;

    @Mixin
    BenchOutput out;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Consumer<String> log = ConsoleLines.to(w);
        List<ScalingBenchmark.Variant> chosen = variants.stream().map(ScalingBenchmark::variant).toList();
        Path jar = Path.of(ScalingBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ScalingScenario.Options options = new ScalingScenario.Options("bench-scaling", participants, 20,
                secondsPerMove, 20, ScalingScenario.OUT_IN_AND_KILL);
        List<ScalingBenchmark.Run> runs = new ArrayList<>();
        for (ScalingBenchmark.Variant variant : chosen) {
            // a fresh broker each: a new group on the same topics would start on the earlier calls' chunks
            var config = ScratchCluster.config(configOptions.load(), "affect-streams-scaling")
                    .with(Settings.APPLICATION_ID, "bench-scaling");
            Path work = Files.createTempDirectory("affect-streams-scaling-fleet");
            try (var kafka = KafkaConnection.open(config)) {
                Release configured = ScratchCluster.configured(config, log);
                ScratchCluster.liveRelease(config, kafka, configured, log);
                Map<String, String> base = new LinkedHashMap<>();
                base.put(Settings.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
                base.put(Settings.REGISTRY_DIR.name(), config.get(Settings.REGISTRY_DIR).toString());
                base.put(Settings.MODEL_DIR.name(), config.get(Settings.MODEL_DIR).toString());
                base.put(Settings.MODEL_RELEASE.name(), configured.dir().toString());
                base.put(Settings.DEVICE.name(), "cpu");
                base.put("kafka.consumer.session.timeout.ms", Integer.toString(sessionTimeoutMs));
                runs.add(ScalingBenchmark.run(variant, base, config, kafka.clientProperties(), configured, jar, work,
                        options, log));
            } finally {
                FileUtils.deleteQuietly(work.toFile());
                ScratchCluster.delete(config);
            }
        }
        out.write(w, "scaling", ScalingBenchmark.markdown(runs, options), runs);
        return 0;
    }
}

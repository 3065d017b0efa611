package dev.affectstreams.cli;

import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FrameBackbone;
import dev.affectstreams.model.bench.BenchmarkRuns;
import dev.affectstreams.model.bench.ExpressionsBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench learning|model-throughput}: benchmarks that print figures and write them to files. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints its table and writes it as Markdown and JSON under --out.",
        subcommands = {BenchCommand.Learning.class, BenchCommand.Throughput.class, BenchCommand.Backbones.class,
            BenchCommand.Simulator.class, BenchCommand.Live.class, BenchCommand.Retraining.class, BenchCommand.Faces.class,
            BenchCommand.Preprocessing.class, BenchCommand.Soak.class, BenchCommand.Expressions.class})
final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "learning", mixinStandardHelpOptions = true,
            description = {"Does self-supervision help? On the synthetic feature world (a test instrument, not real "
                    + "people): pretrain every task combination on unlabelled clips, fit the linear probe with 1%% and "
                    + "10%% of the labels, and print test weighted F1 next to untrained heads, mean ± sd over seeds."})
    static final class Learning implements Callable<Integer> {

        @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "Seeds to average, default ${DEFAULT-VALUE}.")
        int seeds;

        @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "Pretraining epochs, default ${DEFAULT-VALUE}.")
        int epochs;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            BenchmarkRuns.Learning result = BenchmarkRuns.learning(seeds, epochs, ConsoleLines.to(w));
            out.write(w, "learning-evidence", result.markdown(), result);
            return 0;
        }
    }

    @Command(name = "model-throughput", mixinStandardHelpOptions = true,
            description = "Throughput of the ConCluGen heads at paper scale (R 4096, video 4096 / audio 1024 / text 768): "
                    + "self-supervised training steps and heads+classifier inference, in clips/s per batch size.")
    static final class Throughput implements Callable<Integer> {

        @Option(names = "--batch-sizes", split = ",", defaultValue = "1,32,256", paramLabel = "B,...",
                description = "Batch sizes, default ${DEFAULT-VALUE} (training needs 2 or more: batch 1 is inference only).")
        List<Integer> batchSizes;

        @Option(names = "--seconds", defaultValue = "5", paramLabel = "S", description = "Measuring time per figure, default ${DEFAULT-VALUE}.")
        double seconds;

        @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
        String device;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            BenchmarkRuns.Throughput result = BenchmarkRuns.throughput(device, batchSizes, seconds, ConsoleLines.to(w));
            out.write(w, "model-throughput", result.markdown(), result);
            return 0;
        }
    }

    @Command(name = "simulator", mixinStandardHelpOptions = true,
            description = "Speed of the simulated-call generator on one thread: ms per participant-second, with and "
                    + "without JPEG-encoding the frames, and how many participants one core keeps in real time.")
    static final class Simulator implements Callable<Integer> {

        @Option(names = "--size", defaultValue = "320x240", paramLabel = "WxH", description = "Frame size, default ${DEFAULT-VALUE}.")
        String size;

        @Option(names = "--fps", defaultValue = "25", paramLabel = "FPS", description = "Frame rate, default ${DEFAULT-VALUE}.")
        int fps;

        @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Measuring time per figure, default ${DEFAULT-VALUE}.")
        double seconds;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
            var rows = dev.affectstreams.sim.SimulatorBenchmark.run(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), fps,
                    seconds);
            out.write(spec.commandLine().getOut(), "simulator", dev.affectstreams.sim.SimulatorBenchmark.markdown(rows),
                    rows);
            return 0;
        }
    }

    @Command(name = "backbones", mixinStandardHelpOptions = true,
            description = "Cost of the built-in backbones per one-second chunk at several batch sizes: ms per chunk, "
                    + "achieved GFLOP/s from the analytic MACs, and the ratio to a 2048x2048 matrix multiply measured in "
                    + "the same run.")
    static final class Backbones implements Callable<Integer> {

        @Option(names = "--backbones", split = ",", paramLabel = "NAME,...",
                defaultValue = "resnet-small,r3d-small,resdavenet-small,face-expression-net,resnet152,r3d101,resdavenet",
                description = "Backbones, default ${DEFAULT-VALUE} (face-expression-net is left out until fetched).")
        List<String> backbones;

        @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8,32", paramLabel = "B,...",
                description = "Batch sizes, default ${DEFAULT-VALUE}.")
        List<Integer> batchSizes;

        @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
        String device;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            var result = dev.affectstreams.model.bench.BenchmarkRuns.backbones(backbones, batchSizes, device, ConsoleLines.to(w));
            out.write(w, "backbones", dev.affectstreams.model.bench.BackboneBenchmark.markdown(result), result);
            return 0;
        }
    }

    @Command(name = "live", mixinStandardHelpOptions = true,
            description = {"Simulated participants in real time through the in-process broker and the live path: "
                    + "events/s, end-to-end latency percentiles, batch sizes, and the bare throughput of the same "
                    + "backbones and heads without Kafka, measured in the same run."})
    static final class Live implements Callable<Integer> {

        @Option(names = "--participants", split = ",", defaultValue = "1,2,4,8", paramLabel = "N,...",
                description = "Participant counts to run, default ${DEFAULT-VALUE}.")
        List<Integer> participants;

        @Option(names = "--seconds", defaultValue = "20", paramLabel = "S", description = "Seconds per run, default ${DEFAULT-VALUE}.")
        int seconds;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @picocli.CommandLine.Mixin
        ConfigOptions configOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            java.util.function.Consumer<String> log = ConsoleLines.to(w);
            var config = scratch(configOptions, "affect-streams-bench");
            List<dev.affectstreams.inference.LiveBenchmark.Run> runs = new java.util.ArrayList<>();
            dev.affectstreams.registry.Release release;
            try (var kafka = dev.affectstreams.kafka.KafkaConnection.open(config)) {
                release = initialRelease(config, kafka, log);
                for (int n : participants) {
                    var c = config.with(dev.affectstreams.config.Settings.APPLICATION_ID, "bench-live-" + n);
                    runs.add(dev.affectstreams.inference.LiveBenchmark.run(c, kafka, release, n, seconds, log));
                }
            }
            var bare = dev.affectstreams.inference.LiveBenchmark.bare(release,
                    config.get(dev.affectstreams.config.Settings.DEVICE), List.of(1, 2, 4, 8));
            bare.forEach(b -> log.accept(String.format("bare model batch %d: %.1f chunks/s", b.batch(),
                    b.chunksPerSecond())));
            out.write(w, "live", dev.affectstreams.inference.LiveBenchmark.markdown(runs, bare),
                    java.util.Map.of("runs", runs, "bare", bare));
            return 0;
        }
    }

    /** The configuration with a fresh in-process broker, state and registry in a temporary directory. */
    private static dev.affectstreams.config.EffectiveConfig scratch(ConfigOptions options, String prefix)
            throws IOException {
        Path scratch = Files.createTempDirectory(prefix);
        return options.load().with(dev.affectstreams.config.Settings.STATE_DIR, scratch.resolve("state"))
                .with(dev.affectstreams.config.Settings.EMBEDDED_DATA_DIR, scratch.resolve("kafka"))
                .with(dev.affectstreams.config.Settings.EMBEDDED_PORT, 0)
                .with(dev.affectstreams.config.Settings.REGISTRY_DIR, scratch.resolve("registry"));
    }

    /** The topics made and the line's live release, as `process` would start on that broker. */
    private static dev.affectstreams.registry.Release initialRelease(dev.affectstreams.config.EffectiveConfig config,
            dev.affectstreams.kafka.KafkaConnection kafka, java.util.function.Consumer<String> log) throws IOException {
        TopicTable.ensure(kafka.clientProperties(), config, dev.affectstreams.config.Topics.from(config));
        return dev.affectstreams.inference.LiveModels.initial(config, kafka.clientProperties(),
                dev.affectstreams.inference.LiveModels.configured(config, log), log);
    }

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"A long real-time run of the live path on the in-process broker: heap after GC, resident "
                    + "memory, consumer-visible latency and lag every 10 s (to soak.csv as it goes), then the change "
                    + "of each over the run from a fitted line."})
    static final class Soak implements Callable<Integer> {

        @Option(names = "--minutes", defaultValue = "30", paramLabel = "N", description = "Length, default ${DEFAULT-VALUE}.")
        int minutes;

        @Option(names = "--participants", defaultValue = "8", paramLabel = "N",
                description = "Participants in real time, default ${DEFAULT-VALUE} (about 80% of the 10-12 this 2-core "
                        + "machine scores in real time, see bench live).")
        int participants;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @picocli.CommandLine.Mixin
        ConfigOptions configOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter w = spec.commandLine().getOut();
            java.util.function.Consumer<String> log = ConsoleLines.to(w);
            var config = scratch(configOptions, "affect-streams-soak")
                    .with(dev.affectstreams.config.Settings.APPLICATION_ID, "bench-soak");
            try (var kafka = dev.affectstreams.kafka.KafkaConnection.open(config)) {
                var release = initialRelease(config, kafka, log);
                var result = dev.affectstreams.inference.SoakBenchmark.run(config, kafka, release, participants,
                        java.time.Duration.ofMinutes(minutes), java.time.Duration.ofSeconds(10),
                        out.dir.resolve("soak.csv"), log);
                out.write(w, "soak", dev.affectstreams.inference.SoakBenchmark.markdown(result), result);
            }
            return 0;
        }
    }

    @Command(name = "retraining", mixinStandardHelpOptions = true,
            description = {"Does retraining on live traffic help? Simulated calls with known labels (small backbones) "
                    + "arrive one per round; --label-fraction of their seconds carry labels. The initial release is "
                    + "untrained heads with a probe on the first call's labels; each round is the worker's round "
                    + "(retrain.* settings) on the replay buffer, judged by its gate. Prints the held-out weighted F1 "
                    + "of each live release on a separate evaluation call. Simulated data, not people."})
    static final class Retraining implements Callable<Integer> {

        @Option(names = "--rounds", defaultValue = "4", paramLabel = "N", description = "Rounds, default ${DEFAULT-VALUE}.")
        int rounds;

        @Option(names = "--participants", defaultValue = "6", paramLabel = "N",
                description = "Participants per simulated call, default ${DEFAULT-VALUE}.")
        int participants;

        @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
                description = "Seconds per simulated call, default ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--label-fraction", defaultValue = "0.25", paramLabel = "F",
                description = "Share of seconds with labels, default ${DEFAULT-VALUE}.")
        double labelFraction;

        @picocli.CommandLine.Mixin
        ConfigOptions configOptions;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            Path work = Files.createTempDirectory("affect-streams-bench-retraining");
            var options = dev.affectstreams.retrain.RetrainingRound.Options.from(configOptions.load());
            var result = dev.affectstreams.retrain.RetrainingBenchmark.run(work, rounds, participants, seconds,
                    labelFraction, options, ConsoleLines.to(w));
            out.write(w, "retraining", result.markdown(), result);
            return 0;
        }
    }

    @Command(name = "preprocessing", mixinStandardHelpOptions = true,
            description = "What the live path spends per chunk before the backbones, stage by stage on one thread: "
                    + "decoding, face detection and tracking, 2D and 3D frame preparation, mel spectrogram.")
    static final class Preprocessing implements Callable<Integer> {

        @Option(names = "--chunks", defaultValue = "200", paramLabel = "N", description = "Chunks, default ${DEFAULT-VALUE}.")
        int chunks;

        @Option(names = "--size", defaultValue = "160x120", paramLabel = "WxH", description = "Frame size, default ${DEFAULT-VALUE}.")
        String size;

        @Option(names = "--fps", defaultValue = "10", paramLabel = "F", description = "Frame rate, default ${DEFAULT-VALUE}.")
        int fps;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String[] wh = size.split("x");
            var result = dev.affectstreams.inference.PreprocessingBenchmark.run(chunks, Integer.parseInt(wh[0]),
                    Integer.parseInt(wh[1]), fps, ConsoleLines.to(spec.commandLine().getOut()));
            out.write(spec.commandLine().getOut(), "preprocessing",
                    dev.affectstreams.inference.PreprocessingBenchmark.markdown(result), result);
            return 0;
        }
    }

    @Command(name = "faces", mixinStandardHelpOptions = true,
            description = "How often each face detector (Haar; BlazeFace when fetched) finds the faces of simulated "
                    + "participants, on the same frames: the first frame of every participant-second.")
    static final class Faces implements Callable<Integer> {

        @Option(names = "--seeds", defaultValue = "11,13,21,7001,7002", split = ",", paramLabel = "SEED,...",
                description = "Simulated calls, default ${DEFAULT-VALUE}.")
        List<Long> seeds;

        @Option(names = "--participants", defaultValue = "4", paramLabel = "N", description = "Per call, default ${DEFAULT-VALUE}.")
        int participants;

        @Option(names = "--seconds", defaultValue = "6", paramLabel = "S", description = "Per call, default ${DEFAULT-VALUE}.")
        int seconds;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            var rows = dev.affectstreams.sim.FaceDetectionBenchmark.run(seeds, participants, seconds, 160, 120,
                    dev.affectstreams.media.FaceDetector.BLAZEFACE_DIR);
            out.write(spec.commandLine().getOut(), "faces", dev.affectstreams.sim.FaceDetectionBenchmark.markdown(rows),
                    rows);
            return 0;
        }
    }

    @Command(name = "expressions", mixinStandardHelpOptions = true,
            description = {"What the expression events are worth: the starter release on simulated participants it "
                    + "never saw (macro-F1 over the six emotions and neutral, per-label AUROC, score spread); the "
                    + "starter against the face network's reading on real faces it never saw (agreement, happy score "
                    + "on smiling and neutral faces); how often the face network reads the expression the simulator "
                    + "meant; and each face detector's recall and IoU on the annotated real faces.",
                "The real-face parts need the face expression network (`backbones fetch face-expression-net`)."})
    static final class Expressions implements Callable<Integer> {

        @Option(names = "--release", paramLabel = "DIR",
                description = "Starter release to measure; default: one made in a scratch directory, as the demo makes it.")
        Path release;

        @picocli.CommandLine.Mixin
        BenchOutput out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            Path work = Files.createTempDirectory("affect-streams-bench-expressions");
            try {
                var report = ExpressionsBenchmark.run(release, work,
                        FaceExpressionPackage.installed() ? FrameBackbone.FACE_EXPRESSION_DIR : null,
                        FaceDetector.BLAZEFACE_DIR, ConsoleLines.to(w));
                out.write(w, "expressions", ExpressionsBenchmark.markdown(report), report);
            } finally {
                FileUtils.deleteQuietly(work.toFile());
            }
            return 0;
        }
    }
}

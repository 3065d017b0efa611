package dev.affectstreams.cli;

import dev.affectstreams.bench.SyntheticDataset;
import dev.affectstreams.jobs.BootstrapReleaseJob;
import dev.affectstreams.jobs.ExtractFeaturesJob;
import dev.affectstreams.jobs.SimulatedFeatures;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code features synthetic|info}: feature dataset files. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = "Feature datasets: Avro container files of TrainingSample, one record per clip.",
        subcommands = {FeaturesCommand.Extract.class, FeaturesCommand.Simulated.class, FeaturesCommand.Synthetic.class,
            FeaturesCommand.Info.class})
final class FeaturesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "extract", mixinStandardHelpOptions = true,
            description = {"Cut media files (any format FFmpeg reads; a folder is searched) into one-second chunks and "
                    + "write their video and audio features (and text with --text) with the frozen backbones.",
                "Frames are cropped to the tracked face (BlazeFace once fetched, else Haar); a second without a "
                    + "face is left out. Built-in backbones other than face-expression-net carry seeded random "
                    + "weights: they measure cost and run the pipeline, they do not recognise anything."})
    static final class Extract implements Callable<Integer> {

        @Parameters(paramLabel = "MEDIA", description = "Media file or folder.")
        Path input;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Feature dataset to write.")
        Path out;

        @Option(names = "--video-2d", defaultValue = "resnet-small", paramLabel = "NAME",
                description = "2D backbone: resnet152 (paper), resnet-small, face-expression-net (pretrained; run "
                        + "`backbones fetch face-expression-net` once), or torchscript:PATH. Default ${DEFAULT-VALUE}.")
        String frame2d;

        @Option(names = "--video-3d", defaultValue = "r3d-small", paramLabel = "NAME",
                description = "3D backbone: r3d101 (paper), r3d-small or torchscript:PATH. Default ${DEFAULT-VALUE}.")
        String clip3d;

        @Option(names = "--audio", defaultValue = "resdavenet-small", paramLabel = "NAME",
                description = "Audio backbone: resdavenet (paper), resdavenet-small or torchscript:PATH. "
                        + "Default ${DEFAULT-VALUE}.")
        String audio;

        @Option(names = "--normalization", defaultValue = "PAPER_2D", paramLabel = "N",
                description = "2D pixel normalisation: PAPER_2D (the reference's swapped mean/std) or IMAGENET_2D. "
                        + "Default ${DEFAULT-VALUE}.")
        Normalization normalization;

        @Option(names = "--batch-size", defaultValue = "8", paramLabel = "B", description = "Chunks per batch, default ${DEFAULT-VALUE}.")
        int batchSize;

        @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
        String device;

        @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED", description = "Seed of the random weights, default ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--text", description = "Add the text modality: the transcript so far from the captions beside "
                + "each media file (NAME.srt or NAME.vtt), through the text backbone.")
        boolean text;

        @Option(names = "--text-backbone", defaultValue = "hashed-ngrams", paramLabel = "NAME",
                description = "Text backbone with --text: hashed-ngrams (built-in, 768-d, deliberately weak: it knows "
                        + "no meaning) or torchscript:PATH (a module with PATH-without-extension.tokenizer.json beside "
                        + "it, e.g. the emotion DistilRoBERTa). Default ${DEFAULT-VALUE}.")
        String textBackbone;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            var out = spec.commandLine().getOut();
            var result = ExtractFeaturesJob.run(new ExtractFeaturesJob.Request(input, this.out, frame2d, clip3d, audio, normalization, batchSize, device,
                    seed, text, textBackbone), ConsoleLines.to(out));
            out.printf("%d samples from %d file(s) written to %s (dims %s); %d chunks left out%n", result.samples(),
                    result.files(), this.out, result.dims(), result.skippedChunks());
            return 0;
        }
    }

    @Command(name = "simulated", mixinStandardHelpOptions = true,
            description = {"Simulate a call and write its features, labelled with the simulator's MOSEI-6 intensities "
                    + "(mosei-6@1), through the small built-in backbones (160x120 frames at 10 fps).",
                "A test instrument: its labels say nothing about real people."})
    static final class Simulated implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Feature dataset to write.")
        Path out;

        @Option(names = "--participants", defaultValue = "4", paramLabel = "N", description = "Participants, default ${DEFAULT-VALUE}.")
        int participants;

        @Option(names = "--seconds", defaultValue = "60", paramLabel = "S", description = "Seconds, default ${DEFAULT-VALUE}.")
        int seconds;

        @Option(names = "--seed", defaultValue = "127", paramLabel = "SEED", description = "Seed of the call, default ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", description = "auto, cpu or gpu:N.")
        String device;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long n;
            try (var extractor = new FeatureExtractor(
                    BootstrapReleaseJob.FRAME_2D,
                    BootstrapReleaseJob.CLIP_3D,
                    BootstrapReleaseJob.AUDIO, Normalization.PAPER_2D,
                    Devices.parse(device), 1)) {
                n = SimulatedFeatures.write(out, extractor, participants, seconds, seed);
            }
            long offered = (long) participants * seconds;
            if (n == 0) {
                spec.commandLine().getErr().printf("features simulated: no labelled sample: no face was found in any of "
                        + "the %d participant-seconds, and a second without a face has no video features; simulate "
                        + "more participants or seconds%n", offered);
                return 1;
            }
            spec.commandLine().getOut().printf("%d labelled samples (mosei-6@1, simulated) written to %s%s%n", n, out,
                    n < offered ? " (" + (offered - n) + " of " + offered + " participant-seconds without a face found "
                            + "were left out)" : "");
            return 0;
        }
    }

    @Command(name = "synthetic", mixinStandardHelpOptions = true,
            description = {"Write labelled clips of the synthetic feature world (6 classes, seeded): a test instrument "
                    + "for pretrain, probe and evaluate. Results on it are not accuracy on real people.",
                "Clips of one world seed share the generator; --participants draws new identities per file."})
    static final class Synthetic implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Feature dataset to write.")
        Path out;

        @Option(names = "--clips", defaultValue = "2000", paramLabel = "N", description = "Clips, default ${DEFAULT-VALUE}.")
        int clips;

        @Option(names = "--participants", defaultValue = "100", paramLabel = "N",
                description = "Participants, default ${DEFAULT-VALUE}.")
        int participants;

        @Option(names = "--world-seed", defaultValue = "127", paramLabel = "SEED",
                description = "Seed of the world (class prototypes and modality views), default ${DEFAULT-VALUE}.")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long n = SyntheticDataset.write(out, seed, clips, participants);
            spec.commandLine().getOut().printf("%d synthetic clips (label set synthetic-6@1) written to %s%n", n, out);
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Summarise a feature dataset.")
    static final class Info implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "Feature dataset.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(file, null);
            var out = spec.commandLine().getOut();
            out.printf("%s: %d clips of %d participants%n", file, loaded.matrix().size(),
                    Arrays.stream(loaded.matrix().groups()).distinct().count());
            loaded.backbones().forEach((m, b) -> out.printf("  %-6s dim %5d  backbone %s %s (%s)%n", m.key(),
                    loaded.matrix().dims().get(m), b.getName(), b.getVersion(), b.getWeightsSha256()));
            return 0;
        }
    }
}

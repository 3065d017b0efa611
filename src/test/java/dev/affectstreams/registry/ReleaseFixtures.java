package dev.affectstreams.registry;

import dev.affectstreams.avro.TrainingSample;
import dev.affectstreams.bench.SyntheticDataset;
import dev.affectstreams.bench.SyntheticFeatureWorld;
import dev.affectstreams.jobs.PretrainJob;
import dev.affectstreams.jobs.ProbeJob;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.TinyModels;
import dev.affectstreams.model.data.FeatureDatasetReader;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small releases on the synthetic feature world, made in seconds. */
public final class ReleaseFixtures {

    public static final long WORLD = 4242;

    private ReleaseFixtures() {
    }

    /** Labelled samples of the releases' world (same backbones), new clips for every {@code seed}. */
    public static List<TrainingSample> samples(Path dir, int clips, int participants, long seed) throws IOException {
        Path file = dir.resolve("samples-" + seed + "-" + clips + ".avro");
        SyntheticFeatureWorld world = new SyntheticFeatureWorld(WORLD);
        world.sample(240 + (int) seed, 12);
        SyntheticDataset.write(file, world, WORLD, clips, participants);
        List<TrainingSample> out = new ArrayList<>();
        try (FeatureDatasetReader reader = new FeatureDatasetReader(file)) {
            reader.forEach(s -> out.add(TrainingSample.newBuilder(s).build()));
        }
        return out;
    }

    /** A release with heads pretrained for a few steps and a probe, as model line {@code line} version 1. */
    public static Release release(Path dir, String line) throws IOException {
        return release(dir, line, "1");
    }

    /** The same release as {@link #release(Path, String)}, as the given version. */
    public static Release release(Path dir, String line, String version) throws IOException {
        Files.createDirectories(dir);
        Path features = dir.resolve("release-features.avro");
        SyntheticDataset.write(features, WORLD, 240, 12);
        ModelConfig template = TinyModels.config();
        PretrainJob.Result pre = PretrainJob.run(new PretrainJob.Request(features, dir.resolve("heads"), template,
                SslOptions.defaults(1, 32).withMaxSteps(4), "cpu", line, "0", null), TrainingListener.NONE);
        ProbeOptions probe = new ProbeOptions(20, 4096, ProbeOptions.defaults().schedule(), 0.004, 5, 127, false);
        return ProbeJob.run(new ProbeJob.Request(pre.release().dir(), features, null, SyntheticFeatureWorld.LABELS,
                dir.resolve("release"), version, probe, 0.3, 1.0, "cpu")).release();
    }
}

package dev.affectstreams.model.jobs;

import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.model.train.LearningRateSchedule;
import dev.affectstreams.model.train.SslOptions;
import dev.affectstreams.model.train.TrainingListener;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.io.FileUtils;

/**
 * Makes a first release when there is none, so the demo runs on a fresh machine: features of
 * simulated calls (small backbones), self-supervised heads, and a MOSEI-6 probe fitted to the
 * simulator's labels. Its labels mean something only for simulated faces and voices.
 */
public final class BootstrapReleaseJob {

    public static final String FRAME_2D = "resnet-small";
    public static final String CLIP_3D = "r3d-small";
    public static final String AUDIO = "resdavenet-small";

    private BootstrapReleaseJob() {
    }

    /** The release directory under {@code dir}, made if missing. */
    public static Release ensure(Path dir, String device, Consumer<String> log) throws IOException {
        // crops, hence features, depend on the face detector: a bootstrap per detector
        String detector = dev.affectstreams.media.FaceDetector.defaultName();
        Path release = dir.resolve("haar".equals(detector) ? "bootstrap-2" : "bootstrap-2-" + detector);
        if (Files.exists(release.resolve(Release.MANIFEST))) {
            return Release.open(release);
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir, ".bootstrap");
        try {
            return adoptIfMadeMeanwhile(release, () -> make(release, work, device, log), log);
        } finally {
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    /** What makes a release, and may find it made meanwhile. */
    interface Maker {
        Release make() throws IOException;
    }

    /**
     * Runs {@code maker}; when another process (a second replica, the retraining worker) published
     * the same release first, its release is used instead, so concurrent first starts agree on one.
     */
    static Release adoptIfMadeMeanwhile(Path release, Maker maker, Consumer<String> log) throws IOException {
        try {
            return maker.make();
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            if (!Files.exists(release.resolve(Release.MANIFEST))) {
                throw e;
            }
            log.accept("  another process made " + release.getFileName() + " meanwhile; using it");
            return Release.open(release);
        }
    }

    private static Release make(Path release, Path work, String device, Consumer<String> log) throws IOException {
        log.accept("No model yet: bootstrapping one from simulated calls (about a minute on 2 cores)...");
        try (FeatureExtractor extractor = new FeatureExtractor(FRAME_2D, CLIP_3D, AUDIO, Normalization.PAPER_2D,
                Devices.parse(device), 1)) {
            SimulatedFeatures.write(work.resolve("train.avro"), extractor, 4, 45, 901);
            log.accept("  features of 4 simulated participants x 45 s extracted");
            SimulatedFeatures.write(work.resolve("validation.avro"), extractor, 2, 25, 902);
        }
        ModelConfig template = new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO),
                Map.of(Modality.VIDEO, 1, Modality.AUDIO, 1), 64, 32, 8, 32, EnumSet.allOf(SslTask.class),
                ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 2, 0, 1);
        SslOptions ssl = new SslOptions(15, 32, LearningRateSchedule.pretraining(1e-3), 1e-3, 127, 0, null);
        PretrainJob.Result pre = PretrainJob.run(new PretrainJob.Request(work.resolve("train.avro"),
                work.resolve("pretrained"), template, ssl, device, "conclugen-bootstrap", "0", null), TrainingListener.NONE);
        log.accept(String.format("  heads pretrained (%d steps)", pre.report().steps()));
        ProbeJob.Result probe = ProbeJob.run(new ProbeJob.Request(pre.release().dir(), work.resolve("train.avro"),
                work.resolve("validation.avro"), LabelSet.MOSEI_6, release, "1", ProbeOptions.defaults(), 0, 1.0, device));
        log.accept(String.format("  classifier fitted: weighted F1 %.2f on simulated validation participants "
                + "(simulated data: this says nothing about real people)", probe.report().validation().f1()));
        return probe.release();
    }
}

package dev.affectstreams.jobs;

import dev.affectstreams.media.FaceDetector;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.ModelConfig;
import dev.affectstreams.model.SslTask;
import dev.affectstreams.model.backbone.FaceExpressionPackage;
import dev.affectstreams.model.backbone.FaceReader;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.backbone.FrameBackbone;
import dev.affectstreams.model.data.FeatureDatasetWriter;
import dev.affectstreams.model.data.RealFaces;
import dev.affectstreams.model.probe.ProbeOptions;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Makes a first release when there is none, so the demo runs on a fresh machine: features of
 * simulated calls, freshly initialised heads, and a MOSEI-6 probe fitted to the simulator's
 * labels (pos_weight from their rates, thresholds calibrated on validation participants). Where
 * the face expression network is installed it is the 2D backbone, and seconds of real faces (the
 * face-api package's demo photos {@link #REAL_FACE_PHOTOS}, labelled by the network's own
 * reading) join the training and validation data, so that the release's labels follow real
 * faces too; the other photos are never trained on and are what {@code bench expressions}
 * measures on. Without it the 2D backbone is a small random-weight CNN and the labels mean
 * little even for simulated faces.
 */
public final class BootstrapReleaseJob {

    static final List<String> TRAIN_PHOTOS = List.of("sample1.jpg", "sample2.jpg");
    static final List<String> VALIDATION_PHOTOS = List.of("sample3.jpg");
    /** Photos whose faces the starter release is fitted on (training and validation); the rest are held out. */
    public static final List<String> REAL_FACE_PHOTOS = Stream.concat(TRAIN_PHOTOS.stream(),
            VALIDATION_PHOTOS.stream()).toList();

    /**
     * Width of the starter's representations. Its heads are not self-supervised: on its little
     * data, self-supervision made the per-label AUROC on held-out simulated participants worse
     * (a one-off comparison, not kept as a benchmark).
     */
    static final int REPRESENTATION_DIM = 512;

    /** Simulated participants (60 s each) the starter is trained on. */
    static final int SIMULATED_PARTICIPANTS = 10;

    public static final String FRAME_2D = "resnet-small";
    public static final String CLIP_3D = "r3d-small";
    public static final String AUDIO = "resdavenet-small";

    private BootstrapReleaseJob() {
    }

    /** The release directory under {@code dir}, made if missing. */
    public static Release ensure(Path dir, String device, Consumer<String> log) throws IOException {
        // crops, hence features, depend on the face detector: a bootstrap per detector
        String detector = FaceDetector.defaultName();
        Path release = dir.resolve("bootstrap-3-" + frame2d() + "-" + detector);
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
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            if (!Files.exists(release.resolve(Release.MANIFEST))) {
                throw e;
            }
            log.accept("  another process made " + release.getFileName() + " meanwhile; using it");
            return Release.open(release);
        }
    }

    /** The 2D backbone of the starter release: the face expression network where it is installed. */
    public static String frame2d() {
        return FaceExpressionPackage.installed() ? FaceExpressionPackage.NAME : FRAME_2D;
    }

    private static Release make(Path release, Path work, String device, Consumer<String> log) throws IOException {
        String frame2d = frame2d();
        log.accept("No model yet: bootstrapping one from simulated calls" + (frame2d.equals(FRAME_2D) ? ""
                : " and real faces") + " (one to two minutes on 2 cores)...");
        try (FeatureExtractor extractor = new FeatureExtractor(frame2d, CLIP_3D, AUDIO, Normalization.PAPER_2D,
                Devices.parse(device), 1);
             FeatureDatasetWriter train = new FeatureDatasetWriter(work.resolve("train.avro"));
             FeatureDatasetWriter validation = new FeatureDatasetWriter(work.resolve("validation.avro"))) {
            SimulatedFeatures.append(train, extractor, SIMULATED_PARTICIPANTS, 60, 901);
            SimulatedFeatures.append(validation, extractor, 3, 40, 902);
            log.accept("  features of " + SIMULATED_PARTICIPANTS + " simulated participants x 60 s extracted (3 more for "
                    + "validation)");
            if (!frame2d.equals(FRAME_2D)) {
                RealFaces faces = RealFaces.in(FrameBackbone.FACE_EXPRESSION_DIR);
                try (FaceReader teacher = FaceReader.open(FrameBackbone.FACE_EXPRESSION_DIR, Devices.parse(device))) {
                    int t = RealFaceSeconds.append(train, extractor, teacher, faces, indices(faces, TRAIN_PHOTOS), 16,
                            903);
                    int v = RealFaceSeconds.append(validation, extractor, teacher, faces,
                            indices(faces, VALIDATION_PHOTOS), 16, 904);
                    log.accept(String.format("  %d seconds of real faces labelled by the face network (%d more for "
                            + "validation)", t, v));
                }
            }
        }
        ModelConfig template = new ModelConfig(List.of(Modality.VIDEO, Modality.AUDIO),
                Map.of(Modality.VIDEO, 1, Modality.AUDIO, 1), REPRESENTATION_DIM, 32, 8, 32,
                EnumSet.allOf(SslTask.class), ModelConfig.unitWeights(), ModelConfig.ClusteringMode.JOINT, 2, 0, 1);
        Release heads = PretrainJob.initial(work.resolve("train.avro"), work.resolve("pretrained"), template, device,
                127, "conclugen-bootstrap", "0", "none: on the starter's few hundred seconds it made the "
                        + "representations lose what the classifier needs");
        log.accept("  heads initialised (" + REPRESENTATION_DIM + "-d representations; self-supervision starts "
                + "with the retraining worker, on live traffic)");
        ProbeJob.Result probe = ProbeJob.run(new ProbeJob.Request(heads.dir(), work.resolve("train.avro"),
                work.resolve("validation.avro"), LabelSet.MOSEI_6, release, "1", ProbeOptions.defaults(), 0, 1.0, device));
        log.accept(String.format("  classifier fitted: weighted F1 %.2f on validation participants (simulated%s)",
                probe.report().validation().f1(), frame2d.equals(FRAME_2D)
                        ? "; random-weight 2D backbone: its labels carry little, install the face expression network "
                        + "for a better start" : ", and real faces labelled by the face network"));
        return probe.release();
    }

    private static List<Integer> indices(RealFaces faces, List<String> photos) {
        return faces.faces().stream().filter(f -> photos.contains(f.photo())).map(RealFaces.Face::index).toList();
    }
}

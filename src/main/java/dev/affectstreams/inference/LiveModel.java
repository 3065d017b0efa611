package dev.affectstreams.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.jobs.LoadedRelease;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one stream thread runs: the frozen backbones and a verified release's heads and
 * classifier, paired only if the release was trained on exactly these backbones.
 */
public final class LiveModel implements AutoCloseable {

    private final FeatureExtractor extractor;
    private final dev.affectstreams.media.HaarFaceDetector faces = new dev.affectstreams.media.HaarFaceDetector();
    private final LoadedRelease release;
    private final LinearProbe classifier;

    private LiveModel(FeatureExtractor extractor, LoadedRelease release) {
        this.extractor = extractor;
        this.release = release;
        this.classifier = release.classifier().orElseThrow(() -> new IllegalArgumentException(
                "release " + release.release().dir() + " has no classifier; run `probe` on it first"));
    }

    /** The release's model with the built-in backbones its manifest names. */
    public static LiveModel open(Path releaseDir, Device device) throws IOException {
        Release r = Release.open(releaseDir);
        BackboneRef video = r.manifest().backbones().get(Modality.VIDEO.key());
        BackboneRef audio = r.manifest().backbones().get(Modality.AUDIO.key());
        if (video == null || audio == null || !video.name().contains("+")) {
            throw new IllegalArgumentException("release " + releaseDir + " was not trained on the built-in video and "
                    + "audio backbones the live path runs (it names " + r.manifest().backbones() + ")");
        }
        String[] twoD = video.name().split("\\+", 2);
        return open(r, twoD[0], twoD[1], audio.name(), device);
    }

    /** A verified release with the named built-in backbones (names as in {@code features extract}). */
    private static LiveModel open(Release r, String frame2d, String clip3d, String audio, Device device)
            throws IOException {
        Path releaseDir = r.dir();
        FeatureExtractor extractor = new FeatureExtractor(frame2d, clip3d, audio, Normalization.PAPER_2D, device, 1);
        try {
            for (Modality m : r.manifest().config().modalities()) {
                BackboneId have = extractor.backbones().get(m);
                BackboneRef want = r.manifest().backbones().get(m.key());
                if (have == null || want == null || !want.name().equals(have.getName())
                        || !want.weightsSha256().equals(have.getWeightsSha256())) {
                    throw new IllegalArgumentException("release " + releaseDir + " was trained on " + m.key() + " backbone "
                            + want + " but the live path runs " + have + "; a release is never paired with other backbones");
                }
            }
            return new LiveModel(extractor, LoadedRelease.load(r, device));
        } catch (IOException | RuntimeException e) {
            extractor.close();
            throw e;
        }
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** This thread's face detector. */
    public dev.affectstreams.media.HaarFaceDetector faces() {
        return faces;
    }

    public String modelName() {
        return release.manifest().modelName();
    }

    public String version() {
        return release.manifest().version();
    }

    public LabelSet labels() {
        return classifier.labelSet();
    }

    public List<Modality> modalities() {
        return release.manifest().config().modalities();
    }

    /**
     * Scores per label in [0, 1] (sigmoid for multi-label sets, softmax otherwise) from averaged
     * features holding every modality of the release.
     */
    public float[] scores(Map<Modality, float[]> features) {
        NDManager manager = release.model().manager();
        try (NDScope ignored = new NDScope()) {
            NDList inputs = new NDList();
            for (Modality m : modalities()) {
                float[] v = features.get(m);
                inputs.add(manager.create(v, new Shape(1, v.length)));
            }
            NDArray fused = NDArrays.concat(release.model().represent(inputs), 1);
            NDArray logits = classifier.logits(fused.toDevice(classifier.manager().getDevice(), false), false);
            NDArray p = labels().multiLabel() ? ai.djl.nn.Activation.sigmoid(logits) : logits.softmax(1);
            return p.toFloatArray();
        }
    }

    @Override
    public void close() {
        release.close();
        extractor.close();
        faces.close();
    }
}

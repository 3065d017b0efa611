package dev.affectstreams.registry;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.Representations;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A verified release with its heads (and classifier with its decision thresholds, when it has
 * one) loaded; closed by its owner.
 */
public final class LoadedRelease implements AutoCloseable {

    private final Release release;
    private final ConCluGenModel model;
    private final LinearProbe classifier;
    private final Thresholds thresholds;

    private LoadedRelease(Release release, ConCluGenModel model, LinearProbe classifier, Thresholds thresholds) {
        this.release = release;
        this.model = model;
        this.classifier = classifier;
        this.thresholds = thresholds;
    }

    public static LoadedRelease load(Release release, Device device) throws IOException {
        ReleaseManifest m = release.manifest();
        ConCluGenModel model = ConCluGenModel.load(m.config(), device, release.file(Release.HEADS));
        LinearProbe classifier = null;
        Thresholds thresholds = null;
        try {
            if (release.hasClassifier()) {
                if (m.labelSet() == null) {
                    throw new IOException("release " + release.dir() + " has a classifier but no label set");
                }
                thresholds = m.files().stream().anyMatch(f -> f.path().equals(Thresholds.FILE))
                        ? Thresholds.load(m.labelSet(), release.file(Thresholds.FILE))
                        : Thresholds.fixed(m.labelSet(), Thresholds.DEFAULT);
                classifier = LinearProbe.load(m.labelSet(), m.config().fusedDim(), device,
                        release.file(Release.CLASSIFIER));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new LoadedRelease(release, model, classifier, thresholds);
    }

    public Release release() {
        return release;
    }

    public ReleaseManifest manifest() {
        return release.manifest();
    }

    public ConCluGenModel model() {
        return model;
    }

    public Optional<LinearProbe> classifier() {
        return Optional.ofNullable(classifier);
    }

    /**
     * The classifier's decision thresholds: those calibrated when it was fitted ({@value
     * Thresholds#FILE}), or {@link Thresholds#DEFAULT} for every label in a release made before.
     */
    public Thresholds thresholds() {
        if (thresholds == null) {
            throw new IllegalStateException("release " + release.dir() + " has no classifier");
        }
        return thresholds;
    }

    /**
     * The classifier's scores per label in [0, 1] (sigmoid for multi-label sets, softmax
     * otherwise) for one clip's features, holding every modality of the release.
     */
    public float[] scores(Map<Modality, float[]> features) {
        LinearProbe probe = classifier().orElseThrow(() -> new IllegalStateException(
                "release " + release.dir() + " has no classifier"));
        NDManager manager = model.manager();
        try (NDScope ignored = new NDScope()) {
            NDList inputs = new NDList();
            for (Modality m : manifest().config().modalities()) {
                float[] v = features.get(m);
                inputs.add(manager.create(v, new Shape(1, v.length)));
            }
            NDArray fused = NDArrays.concat(model.represent(inputs), 1);
            NDArray logits = probe.logits(fused.toDevice(probe.manager().getDevice(), false), false);
            NDArray p = probe.labelSet().multiLabel() ? Activation.sigmoid(logits) : logits.softmax(1);
            return p.toFloatArray();
        }
    }

    /** The classifier's metrics on labelled features of the release's modalities. */
    public ClassificationMetrics.Report metrics(FeatureMatrix data) {
        LinearProbe probe = classifier().orElseThrow(() -> new IllegalStateException(
                "release " + release.dir() + " has no classifier to evaluate"));
        float[] logits = Predictions.logits(probe, Representations.fused(model, data), model.config().fusedDim());
        return Predictions.metrics(release.manifest().labelSet(), logits, data.targets());
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
        model.close();
    }
}

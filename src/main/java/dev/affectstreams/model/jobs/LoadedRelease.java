package dev.affectstreams.model.jobs;

import dev.affectstreams.registry.Release;
import dev.affectstreams.registry.ReleaseManifest;

import ai.djl.Device;
import dev.affectstreams.model.ConCluGenModel;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.Representations;
import java.io.IOException;
import java.util.Optional;

/** A verified release with its heads (and classifier, when it has one) loaded; closed by its owner. */
public final class LoadedRelease implements AutoCloseable {

    private final Release release;
    private final ConCluGenModel model;
    private final LinearProbe classifier;

    private LoadedRelease(Release release, ConCluGenModel model, LinearProbe classifier) {
        this.release = release;
        this.model = model;
        this.classifier = classifier;
    }

    public static LoadedRelease load(Release release, Device device) throws IOException {
        ReleaseManifest m = release.manifest();
        ConCluGenModel model = ConCluGenModel.load(m.config(), device, release.file(Release.HEADS));
        LinearProbe classifier = null;
        try {
            if (release.hasClassifier()) {
                if (m.labelSet() == null) {
                    throw new IOException("release " + release.dir() + " has a classifier but no label set");
                }
                classifier = LinearProbe.load(m.labelSet(), m.config().fusedDim(), device,
                        release.file(Release.CLASSIFIER));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new LoadedRelease(release, model, classifier);
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

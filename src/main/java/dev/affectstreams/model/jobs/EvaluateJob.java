package dev.affectstreams.model.jobs;

import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.data.FeatureMatrix;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Predictions;
import dev.affectstreams.model.probe.Representations;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.nio.file.Path;

/** Release + labelled features in, metrics out. */
public final class EvaluateJob {

    private EvaluateJob() {
    }

    public static ClassificationMetrics.Report run(Path releaseDir, Path features, String device) throws IOException {
        Release release = Release.open(releaseDir);
        LabelSet labels = release.manifest().labelSet();
        if (!release.hasClassifier() || labels == null) {
            throw new IllegalArgumentException("release " + releaseDir + " has no classifier; run `probe` first");
        }
        FeatureMatrixLoader.Loaded loaded = FeatureMatrixLoader.load(features, labels);
        Backbones.requireSame(release.manifest().backbones(), loaded.backbones(), "evaluate");
        try (LoadedRelease loadedRelease = LoadedRelease.load(release, Devices.parse(device))) {
            FeatureMatrix data = loaded.matrix().select(release.manifest().config().modalities());
            LinearProbe classifier = loadedRelease.classifier().orElseThrow();
            float[] fused = Representations.fused(loadedRelease.model(), data);
            float[] logits = Predictions.logits(classifier, fused, release.manifest().config().fusedDim());
            return Predictions.metrics(labels, logits, data.targets());
        }
    }
}

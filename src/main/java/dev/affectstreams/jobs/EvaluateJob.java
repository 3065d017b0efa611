package dev.affectstreams.jobs;

import dev.affectstreams.model.Devices;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.data.FeatureMatrixLoader;
import dev.affectstreams.model.probe.ClassificationMetrics;
import dev.affectstreams.registry.Backbones;
import dev.affectstreams.registry.LoadedRelease;
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
            return loadedRelease.metrics(loaded.matrix().select(release.manifest().config().modalities()));
        }
    }
}

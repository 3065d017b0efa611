package dev.affectstreams.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.jobs.LoadedRelease;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A verified release's heads and classifier, loaded for one stream thread. */
public final class LiveHeads implements AutoCloseable {

    private final LoadedRelease release;
    private final LinearProbe classifier;

    private LiveHeads(LoadedRelease release) {
        this.release = release;
        this.classifier = release.classifier().orElseThrow(() -> new IllegalArgumentException(
                "release " + release.release().dir() + " has no classifier; run `probe` on it first"));
    }

    public static LiveHeads load(Release release, Device device) throws IOException {
        LoadedRelease loaded = LoadedRelease.load(release, device);
        try {
            return new LiveHeads(loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
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
    }
}

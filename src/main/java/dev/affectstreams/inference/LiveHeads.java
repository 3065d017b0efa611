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
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A verified release's heads and classifier, loaded for one stream thread. */
public final class LiveHeads implements AutoCloseable {

    /** What an event says when scores were computed and no label reaches its threshold. */
    public static final String NEUTRAL = "neutral";

    private final LoadedRelease release;
    private final LinearProbe classifier;
    private final Thresholds thresholds;

    private LiveHeads(LoadedRelease release, Thresholds thresholds) {
        this.release = release;
        this.classifier = release.classifier().orElseThrow(() -> new IllegalArgumentException(
                "release " + release.release().dir() + " has no classifier; run `probe` on it first"));
        this.thresholds = thresholds;
    }

    /**
     * The heads, classifier and calibrated thresholds of a release; a release without thresholds
     * (made before they were calibrated) has {@link Thresholds#DEFAULT} for every label.
     */
    public static LiveHeads load(Release release, Device device) throws IOException {
        LoadedRelease loaded = LoadedRelease.load(release, device);
        try {
            LabelSet labels = loaded.manifest().labelSet();
            boolean calibrated = release.manifest().files().stream().anyMatch(f -> f.path().equals(Thresholds.FILE));
            Thresholds t = labels == null ? null : calibrated ? Thresholds.load(labels, release.file(Thresholds.FILE))
                    : Thresholds.fixed(labels, Thresholds.DEFAULT);
            return new LiveHeads(loaded, t);
        } catch (IOException | RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /**
     * The dominant label of scores: for a multi-label set, the label whose score exceeds its
     * threshold by the largest margin; for a multi-class set, the most probable class if it
     * reaches its threshold; {@link #NEUTRAL} when none does.
     */
    public String dominant(float[] scores) {
        if (labels().multiLabel()) {
            int j = thresholds.dominant(scores);
            return j < 0 ? NEUTRAL : labels().labels().get(j);
        }
        int best = 0;
        for (int j = 1; j < scores.length; j++) {
            best = scores[j] > scores[best] ? j : best;
        }
        return scores[best] >= thresholds.of(best) ? labels().labels().get(best) : NEUTRAL;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Each label's decision threshold by name. */
    public Map<String, Float> thresholdsByLabel() {
        Map<String, Float> byLabel = new java.util.LinkedHashMap<>();
        for (int j = 0; j < labels().size(); j++) {
            byLabel.put(labels().labels().get(j), thresholds.of(j));
        }
        return byLabel;
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

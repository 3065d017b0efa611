package dev.affectstreams.inference;

import ai.djl.Device;
import dev.affectstreams.model.LabelSet;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.probe.LinearProbe;
import dev.affectstreams.model.probe.Thresholds;
import dev.affectstreams.registry.LoadedRelease;
import dev.affectstreams.registry.Release;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A verified release's heads and classifier, loaded for one stream thread. */
public final class LiveHeads implements AutoCloseable {

    /** What an event says when scores were computed and no label reaches its threshold. */
    public static final String NEUTRAL = LabelSet.NEUTRAL;

    private final LoadedRelease release;
    private final LinearProbe classifier;
    private final Thresholds thresholds;
    private final Map<String, Float> thresholdsByLabel = new LinkedHashMap<>();

    private LiveHeads(LoadedRelease release) {
        this.release = release;
        this.classifier = release.classifier().orElseThrow(() -> new IllegalArgumentException(
                "release " + release.release().dir() + " has no classifier; run `probe` on it first"));
        this.thresholds = release.thresholds();
        for (int j = 0; j < labels().size(); j++) {
            thresholdsByLabel.put(labels().labels().get(j), thresholds.of(j));
        }
    }

    /**
     * The heads, classifier and decision thresholds of a release (see {@link LoadedRelease#thresholds}).
     */
    public static LiveHeads load(Release release, Device device) throws IOException {
        LoadedRelease loaded = LoadedRelease.load(release, device);
        try {
            return new LiveHeads(loaded);
        } catch (RuntimeException e) {
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

    /** Each label's decision threshold by name. */
    public Map<String, Float> thresholdsByLabel() {
        return thresholdsByLabel;
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
        return release.scores(features);
    }

    @Override
    public void close() {
        release.close();
    }
}

package dev.affectstreams.registry;

import ai.djl.Device;
import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.media.Normalization;
import dev.affectstreams.model.Modality;
import dev.affectstreams.model.backbone.FeatureExtractor;
import dev.affectstreams.model.backbone.TextBackbone;
import dev.affectstreams.model.backbone.VideoBackboneName;
import dev.affectstreams.registry.ReleaseManifest.BackboneRef;
import java.util.Map;
import java.util.TreeMap;

/** Backbone identities between feature datasets and release manifests, and the rule that they must match. */
public final class Backbones {

    private Backbones() {
    }

    public static Map<String, BackboneRef> refs(Map<Modality, BackboneId> ids) {
        Map<String, BackboneRef> refs = new TreeMap<>();
        ids.forEach((m, id) -> refs.put(m.key(), new BackboneRef(id.getName(), id.getVersion(), id.getWeightsSha256())));
        return refs;
    }

    /**
     * The frozen backbones a release's manifest names, opened on {@code device}: its video id
     * {@code 2D+3D}, its audio and its text backbone ({@value TextBackbone#HASHED_NGRAMS} when the
     * release has no text). The caller closes the extractor.
     */
    public static FeatureExtractor extractorFor(Release r, Device device) {
        BackboneRef video = r.manifest().backbones().get(Modality.VIDEO.key());
        BackboneRef audio = r.manifest().backbones().get(Modality.AUDIO.key());
        if (video == null || audio == null || !VideoBackboneName.isComposite(video.name())) {
            throw new IllegalArgumentException("release " + r.dir() + " was not trained on the built-in video and "
                    + "audio backbones the live path runs (it names " + r.manifest().backbones() + ")");
        }
        VideoBackboneName videoName = VideoBackboneName.parse(video.name());
        BackboneRef text = r.manifest().backbones().get(Modality.TEXT.key());
        return new FeatureExtractor(videoName.frame2d(), videoName.clip3d(), audio.name(),
                text == null ? TextBackbone.HASHED_NGRAMS : text.name(), Normalization.PAPER_2D, device, 1);
    }

    /** Refuses features whose backbones differ from those a release was trained on ({@link BackboneCompatibility}). */
    public static void requireSame(Map<String, BackboneRef> release, Map<Modality, BackboneId> features, String what) {
        BackboneCompatibility.require(release, refs(features), what);
    }
}

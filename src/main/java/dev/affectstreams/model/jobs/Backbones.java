package dev.affectstreams.model.jobs;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.model.Modality;
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

    /** Refuses features whose backbones differ from those a release was trained on. */
    public static void requireSame(Map<String, BackboneRef> release, Map<Modality, BackboneId> features, String what) {
        Map<String, BackboneRef> given = refs(features);
        for (Map.Entry<String, BackboneRef> e : release.entrySet()) {
            if (!e.getValue().equals(given.get(e.getKey()))) {
                throw new IllegalArgumentException(what + ": the release was trained on " + e.getKey() + " backbone "
                        + e.getValue() + " but the features come from " + given.get(e.getKey())
                        + "; a release is never paired with other backbones");
            }
        }
    }
}

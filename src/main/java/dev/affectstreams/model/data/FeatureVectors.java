package dev.affectstreams.model.data;

import dev.affectstreams.avro.BackboneId;
import dev.affectstreams.avro.FeatureVector;
import dev.affectstreams.model.Modality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feature vectors of the contract from the model's arrays. */
public final class FeatureVectors {

    private FeatureVectors() {
    }

    public static FeatureVector of(Modality modality, BackboneId backbone, float[] values) {
        List<Float> boxed = new ArrayList<>(values.length);
        for (float v : values) {
            boxed.add(v);
        }
        return new FeatureVector(dev.affectstreams.avro.Modality.valueOf(modality.name()), backbone, boxed);
    }

    /** One vector per modality, in model order. */
    public static List<FeatureVector> of(Map<Modality, float[]> vectors, Map<Modality, BackboneId> backbones) {
        List<FeatureVector> list = new ArrayList<>();
        for (Modality m : Modality.values()) {
            if (vectors.containsKey(m)) {
                list.add(of(m, backbones.get(m), vectors.get(m)));
            }
        }
        return list;
    }
}

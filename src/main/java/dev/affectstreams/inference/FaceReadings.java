package dev.affectstreams.inference;

import dev.affectstreams.avro.FaceReading;
import dev.affectstreams.model.backbone.FaceReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** Face readings as the events and states carry them. */
final class FaceReadings {

    private FaceReadings() {
    }

    /** A chunk's reading: the class probabilities in the network's order. */
    static FaceReading of(FaceReader reader, FaceReader.Reading reading) {
        Map<String, Float> p = new LinkedHashMap<>();
        float[] values = reading.probabilities();
        for (int i = 0; i < values.length; i++) {
            p.put(reader.classes().get(i), values[i]);
        }
        return FaceReading.newBuilder().setNetwork(reader.network()).setWeightsSha256(reader.weightsSha256())
                .setProbabilities(p).setTopClass(reading.topClass()).setFrames(reading.frames()).build();
    }

    /** The latest reading's network and frames with the smoothed probabilities and their top class. */
    static FaceReading smoothed(FaceReading latest, Map<String, Float> smoothed, String top) {
        return FaceReading.newBuilder(latest).setProbabilities(new LinkedHashMap<>(smoothed)).setTopClass(top).build();
    }
}

package dev.affectstreams.retrain;

import dev.affectstreams.inference.LiveHeads;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedInferenceUse {

    private PlantedInferenceUse() {
    }

    static Object use() {
        return LiveHeads.class;
    }
}

package dev.affectstreams.ops;

import ai.djl.Device;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedDjlUse {

    private PlantedDjlUse() {
    }

    static Object use() {
        return Device.cpu();
    }
}

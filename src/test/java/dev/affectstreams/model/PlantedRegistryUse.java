package dev.affectstreams.model;

import dev.affectstreams.registry.Release;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedRegistryUse {

    private PlantedRegistryUse() {
    }

    static Object use() {
        return Release.class;
    }
}

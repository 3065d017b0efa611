package dev.affectstreams.sync;

import dev.affectstreams.bench.LiveBenchmark;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedBenchUse {

    private PlantedBenchUse() {
    }

    static Object use() {
        return LiveBenchmark.class;
    }
}

package dev.affectstreams.inference;

import dev.affectstreams.ingest.ChunkPublisher;

/** A planted layering violation for {@code ArchitectureTest}; test code, never run. */
final class PlantedIngestUse {

    private PlantedIngestUse() {
    }

    static Object use() {
        return ChunkPublisher.class;
    }
}
